import "server-only";
// Documents module: a loop's encrypted documents — upload (into a checklist slot), verified download, share links,
// deletion by crypto-shredding, master-key rotation — and their compliance review (slots, submit, approve/return,
// the review queue). What pages and other modules may use; route handlers are in ./routes, server actions in
// ./actions, client-safe schemas, labels and review rules in ./schemas.
export {
  DOCUMENT_VIEW_SELECT,
  openDocument,
  toDocumentView,
  type DocumentView,
  type OpenedDocument,
} from "./queries/documents";
export {
  complianceByLoop,
  loopDocumentsIn,
  unapprovedRequiredSlots,
  type LoopDocuments,
  type SlotView,
} from "./queries/compliance";
export { listReviewQueue, type ReviewQueueItem } from "./queries/review-queue";
export { closingRefusedMessage, type ComplianceSummary } from "./schemas";
export { rotateDocumentKeys, type RotationProgress } from "./services/rotate-keys";
export { removeDocumentObjects } from "./store";
export { scheduleStorageSweeps, sweepOrphanedObjects, type SweepResult } from "./services/sweep-orphans";
