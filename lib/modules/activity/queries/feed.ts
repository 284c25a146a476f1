import "server-only";
// The activity feed and the audit log, read under RLS in the caller's tenant context. Actor names come with
// the rows (one join), entity labels from the entries' own values — no per-row lookups.
import type { AuthContext } from "@/lib/auth/authorize";
import { accessDenial } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { entityLabelOf, type ActivityEntry, type AuditFilter } from "../schemas";
import { PERSON_SELECT } from "@/lib/people";

const SELECT = {
  id: true,
  seq: true,
  chainSeq: true,
  action: true,
  entityType: true,
  entityId: true,
  userId: true,
  createdAt: true,
  oldValues: true,
  newValues: true,
  user: { select: PERSON_SELECT },
} satisfies Prisma.AuditLogSelect;

type Row = Prisma.AuditLogGetPayload<{ select: typeof SELECT }>;

/**
 * Who reads what of the log: owners and admins (audit:read) every entry; everyone else the team's activity
 * (audience 'team', stamped per entry by the database). RLS applies the same rule to every query and to Realtime;
 * this filter keeps the app's queries honest on their own.
 */
function audienceWhere(ctx: AuthContext): Prisma.AuditLogWhereInput {
  return accessDenial(ctx, "audit:read") === null ? {} : { audience: "team" };
}

export function toEntry(r: Row): ActivityEntry {
  return {
    id: r.id,
    seq: Number(r.seq),
    chainSeq: r.chainSeq === null ? null : Number(r.chainSeq),
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    entityLabel: entityLabelOf(r.newValues, r.oldValues),
    actorId: r.userId,
    actor: r.user,
    createdAt: r.createdAt.toISOString(),
    oldValues: r.oldValues,
    newValues: r.newValues,
  };
}

/**
 * Newest first; `beforeSeq` pages further back. The first page carries a sealed entry whenever the organization has
 * one, because the live feed continues from the highest chain position it holds (lib/modules/activity/client.ts):
 * when every entry of the page still waits for the sealer (a burst within the sealing window), the newest sealed entry
 * is added at the end — one more query, on that rare page only.
 */
export async function listActivity(
  ctx: AuthContext,
  opts: { limit?: number; beforeSeq?: number } = {},
): Promise<ActivityEntry[]> {
  const where = { organizationId: ctx.organization.id, ...audienceWhere(ctx) };
  const rows = await withTenantContext(ctx, async (tx) => {
    const page = await tx.auditLog.findMany({
      where: { ...where, ...(opts.beforeSeq ? { seq: { lt: opts.beforeSeq } } : {}) },
      orderBy: { seq: "desc" },
      take: Math.min(opts.limit ?? 30, 200),
      select: SELECT,
    });
    if (opts.beforeSeq || page.length === 0 || page.some((r) => r.chainSeq !== null)) return page;
    const sealed = await tx.auditLog.findFirst({
      where: { ...where, chainSeq: { not: null } },
      orderBy: { chainSeq: "desc" },
      select: SELECT,
    });
    return sealed ? [...page, sealed] : page;
  });
  return rows.map(toEntry);
}

/**
 * The feed's backfill (after a reconnect or a wake): every entry sealed after chain position `afterChainSeq`, in
 * chain order, then every entry not sealed yet, in append order. An entry that commits after an entry with a higher
 * append number is still unsealed or sealed after `afterChainSeq`, so it is never skipped (decision 0028); the
 * client drops the ones it already has by `seq`.
 */
export async function listActivitySince(
  ctx: AuthContext,
  afterChainSeq: number,
  limit = 500,
): Promise<ActivityEntry[]> {
  const rows = await withTenantContext(ctx, (tx) =>
    tx.auditLog.findMany({
      where: {
        organizationId: ctx.organization.id,
        ...audienceWhere(ctx),
        OR: [{ chainSeq: { gt: afterChainSeq } }, { chainSeq: null }],
      },
      orderBy: [{ chainSeq: { sort: "asc", nulls: "last" } }, { seq: "asc" }],
      take: limit,
      select: SELECT,
    }),
  );
  return rows.map(toEntry);
}

function auditWhere(ctx: AuthContext, f: AuditFilter): Prisma.AuditLogWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (f.from) createdAt.gte = new Date(`${f.from}T00:00:00.000Z`);
  if (f.to) createdAt.lt = new Date(new Date(`${f.to}T00:00:00.000Z`).getTime() + 86_400_000);
  return {
    organizationId: ctx.organization.id,
    ...audienceWhere(ctx),
    ...(f.actor ? { userId: f.actor } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.entity ? { entityType: f.entity } : {}),
    ...(f.from || f.to ? { createdAt } : {}),
  };
}

/** One page of the audit log (newest first, keyset on seq). */
export async function listAuditLog(ctx: AuthContext, filter: AuditFilter, pageSize = 50) {
  const where = auditWhere(ctx, filter);
  return withTenantContext(ctx, async (tx) => {
    const rows = await tx.auditLog.findMany({
      where: { ...where, ...(filter.before ? { seq: { lt: filter.before } } : {}) },
      orderBy: { seq: "desc" },
      take: pageSize + 1,
      select: SELECT,
    });
    const more = rows.length > pageSize;
    const page = rows.slice(0, pageSize).map(toEntry);
    return { entries: page, nextBefore: more ? page.at(-1)!.seq : null };
  });
}

/**
 * The filter's matching entries in batches, oldest first, for the CSV export — every entry committed before the
 * export began, exactly once. Sealed entries first, by chain position (commit order; a position never changes and a
 * later seal only adds higher ones, so paging by it skips nothing); then the rest — unsealed, or sealed since the last
 * page (`chain_seq` null or past it, which stays true of a row) — by append number. Paging by append number alone would
 * skip an entry appended before a page was read but committed after it (decision 0028).
 */
export async function* iterateAuditLog(
  ctx: AuthContext,
  filter: AuditFilter,
  batch = 2_000,
): AsyncGenerator<ActivityEntry[]> {
  const where = auditWhere(ctx, filter);
  let chained = 0;
  for (;;) {
    const rows = await withTenantContext(ctx, (tx) =>
      tx.auditLog.findMany({
        where: { ...where, chainSeq: { gt: chained } },
        orderBy: { chainSeq: "asc" },
        take: batch,
        select: SELECT,
      }),
    );
    if (rows.length > 0) {
      yield rows.map(toEntry);
      chained = Number(rows.at(-1)!.chainSeq);
    }
    if (rows.length < batch) break;
  }
  let after = 0;
  for (;;) {
    const rows = await withTenantContext(ctx, (tx) =>
      tx.auditLog.findMany({
        where: { ...where, OR: [{ chainSeq: null }, { chainSeq: { gt: chained } }], seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: batch,
        select: SELECT,
      }),
    );
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    after = Number(rows.at(-1)!.seq);
    if (rows.length < batch) return;
  }
}

/** Members of the organization (for actor names in the live feed and the audit log's actor filter). */
export async function listOrganizationPeople(ctx: AuthContext) {
  return withTenantContext(ctx, (tx) =>
    tx.organizationMember.findMany({
      where: { organizationId: ctx.organization.id },
      select: { user: { select: PERSON_SELECT } },
      orderBy: { createdAt: "asc" },
    }),
  ).then((rows) => rows.map((r) => r.user));
}
