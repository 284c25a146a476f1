import "server-only";
// CRM module: contacts (list, detail, create/edit/delete with optimistic concurrency, bulk assign, CSV import),
// deals with their pipeline, page (stage history, notes) and won/lost, and the CRM dashboard. What pages and other modules may use; server actions are in
// ./actions, route handlers (the import, the contact picker) in ./routes, client-safe schemas in ./schemas.
// A contact's timeline (notes, calls, meetings, emails, reminders, deals, transactions, changes) and the member's
// due reminders for "my day"; its client-safe shapes are in ./timeline-schemas.
// createContact is here for modules that create a contact as part of their own write (createContact.within).
export { listContacts, type ContactListItem, type ContactPage } from "./queries/contact-list";
export { getContactDetail, type ContactDetail } from "./queries/contact-detail";
export { type ContactOption } from "./queries/contact-options";
export { getCrmDashboard, getMyFollowUps, type CrmDashboard } from "./queries/dashboard";
export { getDealDetail, type DealDetail, type StageChange } from "./queries/deal-detail";
export { getPipeline, type PipelineColumn, type PipelineDeal } from "./queries/pipeline";
export { getContactTimeline } from "./queries/timeline";
export { getMyDueReminders, type DueReminder } from "./queries/reminders";
export { createContact } from "./services/contacts";
export { listTags, listSavedViews } from "./queries/tags-and-views";
export { findDuplicates, type DuplicatePair, type DuplicateSide } from "./queries/duplicates";
export { getMergePair } from "./queries/merge-pair";
export { listImportMappings } from "./queries/import-mappings";
