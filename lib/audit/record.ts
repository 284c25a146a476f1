import "server-only";
// Audit entries are written by the service that makes the change, inside the same tenant transaction, so a
// change and its entry commit or roll back together.
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

const json = (v: Prisma.InputJsonValue | null | undefined) => (v === null || v === undefined ? undefined : v);

export async function recordAudit(tx: TenantTx, actor: AuditActor, entry: AuditEntry) {
  return tx.transactionAuditLog.create({
    data: {
      organizationId: actor.organization.id,
      userId: actor.user.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      oldValues: json(entry.oldValues),
      newValues: json(entry.newValues),
    },
    select: { id: true },
  });
}

/** Many entries in one statement (bulk operations). */
export async function recordAuditMany(tx: TenantTx, actor: AuditActor, entries: AuditEntry[]) {
  if (entries.length === 0) return { count: 0 };
  return tx.transactionAuditLog.createMany({
    data: entries.map((entry) => ({
      organizationId: actor.organization.id,
      userId: actor.user.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      oldValues: json(entry.oldValues),
      newValues: json(entry.newValues),
    })),
  });
}
