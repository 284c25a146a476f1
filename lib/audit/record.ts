import "server-only";
// Audit entries are written by the service that makes the change, inside the same transaction, so a change and its
// entry commit or roll back together. They go through the one database function that may write the log
// (private.append_audit_many): it stamps the actor from the transaction's JWT claims — never from an argument — and
// refuses actors who aren't members of the organization. Paths outside a tenant context set the claims first
// (setActorClaims).
import type { Prisma } from "../database/generated/prisma/client";
import type { TenantTx } from "../database/tenant";

export interface AuditEntry {
  action: string; // e.g. "contact.created" (lowercase, dot-separated)
  entityType: string;
  entityId?: string | null;
  oldValues?: Prisma.InputJsonValue | null;
  newValues?: Prisma.InputJsonValue | null;
}

export interface AuditActor {
  user: { id: string };
  organization: { id: string };
}

const toJson = (entries: AuditEntry[]) =>
  JSON.stringify(
    entries.map((e) => ({
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      oldValues: e.oldValues ?? null,
      newValues: e.newValues ?? null,
    })),
  );

/** Many entries in one statement (bulk operations); returns their ids in order. */
export async function recordAuditMany(
  tx: TenantTx,
  actor: AuditActor,
  entries: AuditEntry[],
): Promise<{ count: number }> {
  if (entries.length === 0) return { count: 0 };
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    select id from private.append_audit_many(${actor.organization.id}::uuid, ${toJson(entries)}::jsonb) as id`;
  return { count: rows.length };
}

export async function recordAudit(
  tx: TenantTx,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<{ id: string }> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    select id from private.append_audit_many(${actor.organization.id}::uuid, ${toJson([entry])}::jsonb) as id`;
  return { id: rows[0]!.id };
}

/**
 * For the few paths outside a tenant context (onboarding, invitation acceptance): the transaction acts as this
 * user, so the audit function stamps them as the actor.
 */
export async function setActorClaims(tx: TenantTx, user: { id: string; email?: string | null }) {
  const claims = JSON.stringify({ sub: user.id, role: "authenticated", email: user.email ?? undefined });
  await tx.$queryRaw`select set_config('request.jwt.claims', ${claims}, true)`;
}

type AuditValue = Prisma.InputJsonValue | null;
const auditValue = (v: unknown): AuditValue =>
  v instanceof Date ? v.toISOString() : ((v ?? null) as AuditValue);

/** Values as an entry stores them: Date objects as ISO strings, undefined as null. */
export function auditValues(values: Record<string, unknown>): Record<string, AuditValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, auditValue(v)]));
}

/**
 * What an update's entry records: the fields whose values changed, before and after, plus the `keep` fields that
 * name the record (so the feed can say which one) even when they didn't change. Pass comparable values (dates as
 * the form shows them, decimals as strings); Date objects become ISO strings, undefined becomes null.
 */
export function auditChanges<F extends string>(
  before: Partial<Record<F, unknown>>,
  after: Partial<Record<F, unknown>>,
  opts: { keep?: readonly NoInfer<F>[] } = {},
): { changed: F[]; oldValues: Record<string, AuditValue>; newValues: Record<string, AuditValue> } {
  const fields = Object.keys(after) as F[];
  const changed = fields.filter(
    (f) => JSON.stringify(auditValue(before[f])) !== JSON.stringify(auditValue(after[f])),
  );
  const recorded = [...new Set([...(opts.keep ?? []), ...changed])];
  return {
    changed,
    oldValues: Object.fromEntries(recorded.map((f) => [f, auditValue(before[f])])),
    newValues: Object.fromEntries(recorded.map((f) => [f, auditValue(after[f])])),
  };
}
