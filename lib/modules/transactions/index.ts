import "server-only";
// Transactions module: loops (transaction files), their tasks and key dates, and the checklist templates loops are
// created from. What pages and other modules may use; server actions are in ./actions, client-safe schemas, labels
// and the status table in ./schemas. A loop's documents are the documents module's.
export {
  getLoop,
  listLoops,
  LOOPS_PAGE_SIZE,
  type KeyDateView,
  type LoopDetail,
  type LoopList,
  type LoopSummary,
  type MemberOption,
  type TaskView,
} from "./queries/loops";
export {
  AGENDA_DAYS,
  getMyAgenda,
  getMyOpenTasks,
  getOrganizationAgenda,
  getTransactionsOverview,
  type Agenda,
} from "./queries/overview";
export {
  listTemplates,
  TEMPLATE_ITEM_ORDER,
  TEMPLATE_ITEM_SELECT,
  type TemplateItemView,
  type TemplateView,
} from "./queries/templates";
export { CREATOR_ROLES, planChecklist, type TemplateItem } from "./checklist";
export { listLoopsOfContact, type ContactLoop, type ParticipantView } from "./queries/participants";
export { TRANSACTIONS_DIGEST_SOURCES } from "./queries/digest";
