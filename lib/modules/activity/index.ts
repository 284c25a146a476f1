import "server-only";
// Activity module: the audit log (hash-chained by one sealer in the database, decision 0028) as the dashboard's live feed, the
// audit log page and its export, and the chain verifier. What pages and other modules may use; route handlers
// are in ./routes, the browser's live sync in ./client, client-safe schemas and wording in ./schemas.
export {
  iterateAuditLog,
  listActivity,
  listActivitySince,
  listAuditLog,
  listOrganizationPeople,
} from "./queries/feed";
export { verifyAuditChains, type ChainProblem, type ChainReport } from "./queries/verify-chain";
export { AUDIT_SEAL_WINDOW_SECONDS, scheduleAuditSealing, sealAuditChains } from "./services/seal-chain";
