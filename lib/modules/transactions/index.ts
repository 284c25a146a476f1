// Transactions module: loops (transaction files) with their tasks and encrypted documents. This client-safe
// entry point exposes the schemas, labels, status table and default tasks; services/ hold the server logic,
// actions/ the server actions, handlers/ the document route handlers' logic.
export * from "./schemas";
export { DEFAULT_TASKS, type DefaultTask } from "./default-tasks";
export { canTransition, LOOP_STATUS_TRANSITIONS, nextStatuses, OPEN_STATUSES } from "./loop-status";
