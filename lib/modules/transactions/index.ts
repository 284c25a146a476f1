import "server-only";
// Transactions module: loops (transaction files) and their tasks. What pages and other modules may use; server
// actions are in ./actions, client-safe schemas, labels and the status table in ./schemas. A loop's documents
// are the documents module's.
export {
  getLoop,
  listLoops,
  LOOPS_PAGE_SIZE,
  type LoopDetail,
  type LoopList,
  type LoopSummary,
  type MemberOption,
  type TaskView,
} from "./queries/loops";
export { getMyOpenTasks, getTransactionsOverview } from "./queries/overview";
export { listLoopsOfContact, type ContactLoop, type ParticipantView } from "./queries/participants";
export { TRANSACTIONS_DIGEST_SOURCES } from "./queries/digest";
export { DEFAULT_TASKS, type DefaultTask } from "./services/default-tasks";
