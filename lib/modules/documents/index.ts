import "server-only";
// Documents module: a loop's encrypted documents — upload, verified download, share links, deletion by
// crypto-shredding, and master-key rotation. What pages and other modules may use; route handlers are in
// ./routes, server actions in ./actions, client-safe schemas and labels in ./schemas.
export {
  DOCUMENT_VIEW_SELECT,
  openDocument,
  toDocumentView,
  type DocumentView,
  type OpenedDocument,
} from "./queries/documents";
export { rotateDocumentKeys, type RotationProgress } from "./services/rotate-keys";
export { removeDocumentObjects } from "./store";
