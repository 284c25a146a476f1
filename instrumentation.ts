// Next's server start-up hook: background work of the Node server process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { scheduleStorageSweeps } = await import("@/lib/modules/documents");
  scheduleStorageSweeps();
  const { scheduleAuditSealing } = await import("@/lib/modules/activity");
  scheduleAuditSealing();
}
