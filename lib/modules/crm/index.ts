import "server-only";
// CRM module: contacts (list, detail, create/edit/delete with optimistic concurrency, bulk assign, CSV import),
// deals with their pipeline, and the CRM dashboard. Pages and other modules use these reads; mutations go
// through ./actions (server actions) or the services for route handlers.
export { listContacts, type ContactListItem, type ContactPage } from "./queries/contact-list";
export { getContactDetail, type ContactDetail } from "./queries/contact-detail";
export { getCrmDashboard, type CrmDashboard } from "./queries/dashboard";
export { getPipeline, type PipelineColumn, type PipelineDeal } from "./queries/pipeline";
export { listAssignees, type Assignee } from "./queries/assignees";
export { importContacts, type ImportProgress, type ImportResult, type RejectedRow } from "./services/import";
