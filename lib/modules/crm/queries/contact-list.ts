import "server-only";
// The contacts list: search, filters, sort and keyset pagination in one SQL statement (plus one count), so
// page 1 and page 2,000 cost the same at 100,000 contacts. Cursors carry the last row's sort key as
// Postgres text (microsecond timestamps survive the round trip, JS Dates would not) and its id; every sort
// has an index that leads with organization_id and ends with id (supabase/migrations/20261122001000_*).
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import {
  contactListParamsSchema,
  type ContactFilter,
  type ContactListParams,
  type ContactSort,
  type ContactStatus,
  type TagOption,
} from "../schemas";
import { isUuid } from "@/lib/validation";
import { type Person } from "@/lib/people";

/**
 * Search: ids from private.contact_search_ids(), which runs the trigram-indexed LIKE as its owner for members of
 * the organization (under RLS the planner can't use that index for LIKE; see the migration). The rows are
 * still read under RLS.
 */
export function searchCondition(organizationId: string, q: string): Prisma.Sql {
  return Prisma.sql`c.id in (select private.contact_search_ids(${organizationId}::uuid, ${likePattern(q)}))`;
}

interface SortSpec {
  key: Prisma.Sql;
  cast: Prisma.Sql;
  dir: "asc" | "desc";
}
const SORTS: Record<ContactSort, SortSpec> = {
  newest: { key: Prisma.sql`c.created_at`, cast: Prisma.sql`timestamptz`, dir: "desc" },
  oldest: { key: Prisma.sql`c.created_at`, cast: Prisma.sql`timestamptz`, dir: "asc" },
  name: { key: Prisma.sql`c.name`, cast: Prisma.sql`text`, dir: "asc" },
  name_desc: { key: Prisma.sql`c.name`, cast: Prisma.sql`text`, dir: "desc" },
  // Same expression as contacts_organization_id_follow_up_sort_idx: no follow-up sorts last.
  follow_up: {
    key: Prisma.sql`coalesce(c.next_follow_up, 'infinity'::timestamptz)`,
    cast: Prisma.sql`timestamptz`,
    dir: "asc",
  },
};

export interface Cursor {
  sort: ContactSort;
  key: string;
  id: string;
}

// Postgres' text form of a timestamptz (DateStyle ISO), e.g. 2026-11-22 09:30:00.123456+00
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id]), "utf8").toString("base64url");
}

/** A cursor from the URL; anything malformed, or made for another sort, means "first page". */
export function decodeCursor(value: string | undefined, sort: ContactSort): Cursor | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [s, key, id] = parsed as unknown[];
    if (s !== sort || typeof key !== "string" || key.length > 400 || typeof id !== "string" || !isUuid(id))
      return null;
    if (SORTS[sort].cast.sql === "timestamptz" && key !== "infinity" && !PG_TIMESTAMPTZ.test(key))
      return null;
    return { sort, key, id };
  } catch {
    return null;
  }
}

/** LIKE pattern for a substring search; the user's % _ and \ are literal. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** WHERE conditions for a filter, scoped to the organization (RLS is the second line of defence). */
export function contactFilterConditions(
  ctx: Pick<AuthContext, "organization" | "user">,
  filter: ContactFilter,
): Prisma.Sql[] {
  const conds = [Prisma.sql`c.organization_id = ${ctx.organization.id}::uuid`];
  if (filter.q) conds.push(searchCondition(ctx.organization.id, filter.q));
  if (filter.status) conds.push(Prisma.sql`c.status = ${filter.status}::public.contact_status`);
  if (filter.assignee === "none") conds.push(Prisma.sql`c.assigned_to is null`);
  else if (filter.assignee === "me") conds.push(Prisma.sql`c.assigned_to = ${ctx.user.id}::uuid`);
  else if (filter.assignee) conds.push(Prisma.sql`c.assigned_to = ${filter.assignee}::uuid`);
  if (filter.followUp === "due") conds.push(Prisma.sql`c.next_follow_up <= now()`);
  else if (filter.followUp === "week")
    conds.push(Prisma.sql`c.next_follow_up > now() and c.next_follow_up <= now() + interval '7 days'`);
  else if (filter.followUp === "none") conds.push(Prisma.sql`c.next_follow_up is null`);
  if (filter.tag)
    conds.push(
      Prisma.sql`c.id in (select ct.contact_id from public.contact_tags ct
                           where ct.organization_id = ${ctx.organization.id}::uuid and ct.tag_id = ${filter.tag}::uuid)`,
    );
  return conds;
}

/** The page query: `after` pages forward, `before` pages backward (rows come back reversed). */
export function buildContactPageQuery(
  ctx: Pick<AuthContext, "organization" | "user">,
  params: ContactListParams,
): Prisma.Sql {
  const sort = SORTS[params.sort];
  const after = decodeCursor(params.after, params.sort);
  const before = after ? null : decodeCursor(params.before, params.sort);
  const backwards = before !== null;
  const dir = backwards ? (sort.dir === "asc" ? "desc" : "asc") : sort.dir;
  const conds = contactFilterConditions(ctx, params);
  const cursor = after ?? before;
  if (cursor) {
    const op = dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`;
    conds.push(Prisma.sql`(${sort.key}, c.id) ${op} (${cursor.key}::${sort.cast}, ${cursor.id}::uuid)`);
  }
  const order = dir === "asc" ? Prisma.sql`asc` : Prisma.sql`desc`;
  return Prisma.sql`
    select c.id, c.name, c.email, c.phone, c.company, c.status::text as status, c.next_follow_up, c.created_at,
           ${sort.key}::text as sort_key,
           c.assigned_to, u.name as assignee_name, u.email as assignee_email,
           (select count(*)::int from public.deals d where d.organization_id = c.organization_id and d.contact_id = c.id) as deal_count,
           (select coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name)), '[]'::json)
              from public.contact_tags ct join public.tags t on t.id = ct.tag_id
             where ct.organization_id = c.organization_id and ct.contact_id = c.id) as tags
      from public.contacts c
      left join public.users u on u.id = c.assigned_to
     where ${Prisma.join(conds, " and ")}
     order by ${sort.key} ${order}, c.id ${order}
     limit ${params.size + 1}`;
}

/**
 * The total matching the filter, through private.contact_count(): it checks contacts:read once for the
 * organization and counts as its owner with the same conditions as contactFilterConditions() (a test holds them
 * equal), where count(*) under RLS evaluates the policy for every row (docs/decisions/0017-counts-without-rls-scan.md).
 */
export function buildContactCountQuery(
  ctx: Pick<AuthContext, "organization" | "user">,
  filter: ContactFilter,
): Prisma.Sql {
  // A tag narrows the list to the few contacts carrying it: counted under RLS with the list's own conditions.
  if (filter.tag)
    return Prisma.sql`select count(*)::int as total from public.contacts c
                       where ${Prisma.join(contactFilterConditions(ctx, filter), " and ")}`;
  const assignee =
    filter.assignee === "me" ? ctx.user.id : filter.assignee === "none" ? null : filter.assignee;
  return Prisma.sql`select private.contact_count(
    ${ctx.organization.id}::uuid, ${filter.q ? likePattern(filter.q) : null}::text,
    ${filter.status ?? null}::public.contact_status, ${filter.assignee === "none"}::boolean,
    ${assignee ?? null}::uuid, ${filter.followUp ?? null}::text) as total`;
}

interface Row {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: ContactStatus;
  next_follow_up: Date | null;
  created_at: Date;
  sort_key: string;
  assigned_to: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  deal_count: number;
  tags: TagOption[];
}

/** One list row, serializable for client components. */
export interface ContactListItem {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: ContactStatus;
  nextFollowUp: string | null;
  createdAt: string;
  assignee: Person | null;
  dealCount: number;
  tags: TagOption[];
}

export interface ContactPage {
  items: ContactListItem[];
  total: number;
  params: ContactListParams;
  /** Cursors for the previous/next page, or null at either end. */
  prevCursor: string | null;
  nextCursor: string | null;
}

export async function queryContactPage(
  tx: TenantTx,
  ctx: Pick<AuthContext, "organization" | "user">,
  params: ContactListParams,
) {
  const rows = await tx.$queryRaw<Row[]>(buildContactPageQuery(ctx, params));
  const backwards =
    !decodeCursor(params.after, params.sort) && decodeCursor(params.before, params.sort) !== null;
  const hasMore = rows.length > params.size;
  const page = rows.slice(0, params.size);
  if (backwards) page.reverse();
  const cursorOf = (r: Row | undefined) =>
    r ? encodeCursor({ sort: params.sort, key: r.sort_key, id: r.id }) : null;
  const cameWithCursor = Boolean(
    decodeCursor(params.after, params.sort) || decodeCursor(params.before, params.sort),
  );
  return {
    items: page.map((r): ContactListItem => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      company: r.company,
      status: r.status,
      nextFollowUp: r.next_follow_up?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      assignee: r.assigned_to ? { id: r.assigned_to, name: r.assignee_name, email: r.assignee_email } : null,
      dealCount: r.deal_count,
      tags: r.tags,
    })),
    prevCursor: (backwards ? hasMore : cameWithCursor) ? cursorOf(page[0]) : null,
    nextCursor: (backwards ? true : hasMore) && page.length > 0 ? cursorOf(page[page.length - 1]) : null,
  };
}

/** A page of contacts and the total matching the filter: two statements in one tenant transaction. */
export async function listContacts(
  ctx: AuthContext,
  rawParams: unknown,
  opts: { db?: Db } = {},
): Promise<ContactPage> {
  const params = contactListParamsSchema.parse(rawParams ?? {});
  return withTenantContext(
    ctx,
    async (tx) => {
      const page = await queryContactPage(tx, ctx, params);
      const [{ total }] = (await tx.$queryRaw<Array<{ total: number }>>(
        buildContactCountQuery(ctx, params),
      )) as [{ total: number }];
      return { ...page, total, params };
    },
    opts,
  );
}
