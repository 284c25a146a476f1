import "server-only";
// A contact's timeline (decision 0023) in ONE statement per page: a UNION ALL of what was logged (notes, calls,
// meetings, emails), its reminders (and the contact's follow-up date, shown as one), the deals and transactions it
// is in, and the audit entries that changed it — ordered newest first by (at, key) and paged with a keyset cursor,
// so equal timestamps across kinds page without skipping or repeating. RLS decides what each branch returns
// (a plan without transactions gets no transaction rows).
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import { isUuid } from "@/lib/validation";
import {
  TIMELINE_KINDS,
  TIMELINE_PAGE_SIZE,
  type CallOutcome,
  type EntryKind,
  type TimelineItem,
  type TimelineKind,
  type TimelinePage,
} from "../timeline-schemas";

interface Row {
  kind: "entry" | "reminder" | "deal" | "transaction" | "change";
  key: string;
  at: string;
  id: string | null;
  data: Record<string, unknown>;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
}

/** The cursor is the last item's (at, key), at with microseconds so equal-looking timestamps stay apart. */
export function encodeCursor(at: string, key: string): string {
  return Buffer.from(JSON.stringify([at, key])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): { at: string; key: string } | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      typeof v[0] === "string" &&
      typeof v[1] === "string" &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v[0]) &&
      /^[a-z]:[0-9a-f-]{36}$/.test(v[1])
    )
      return { at: v[0], key: v[1] };
  } catch {
    // a cursor we didn't write: start from the newest
  }
  return null;
}

const person = (id: string | null, name: string | null, email: string | null) =>
  id ? { id, name, email } : null;

function toItem(r: Row): TimelineItem {
  const d = r.data;
  const actor = person(r.actor_id, r.actor_name, r.actor_email);
  const base = { key: r.key, at: r.at, actor };
  switch (r.kind) {
    case "entry":
      return {
        ...base,
        kind: "entry",
        id: r.id!,
        entryKind: d.entryKind as EntryKind,
        body: String(d.body ?? ""),
        callOutcome: (d.callOutcome as CallOutcome | null) ?? null,
        durationMinutes: typeof d.durationMinutes === "number" ? d.durationMinutes : null,
        edited: d.edited === true,
      };
    case "reminder":
      return {
        ...base,
        kind: "reminder",
        id: r.id,
        contactVersion: typeof d.version === "number" ? d.version : null,
        title: String(d.title ?? ""),
        dueAt: r.at,
        done: typeof d.completedAt === "string",
        completedAt: typeof d.completedAt === "string" ? d.completedAt : null,
        assignee: person(r.assignee_id, r.assignee_name, r.assignee_email),
      };
    case "deal":
      return {
        ...base,
        kind: "deal",
        id: r.id!,
        title: String(d.title ?? ""),
        stage: String(d.stage ?? ""),
        value: Number(d.value ?? 0).toFixed(2),
      };
    case "transaction":
      return {
        ...base,
        kind: "transaction",
        id: r.id!,
        propertyAddress: String(d.propertyAddress ?? ""),
        role: String(d.role ?? ""),
        status: String(d.status ?? ""),
      };
    case "change":
      return {
        ...base,
        kind: "change",
        id: r.id!,
        action: String(d.action ?? ""),
        oldValues: d.oldValues ?? null,
        newValues: d.newValues ?? null,
      };
  }
}

export interface TimelineQuery {
  cursor?: string;
  kinds?: readonly TimelineKind[];
  limit?: number;
}

/** One page of the contact's timeline, newest first (empty when the contact isn't readable). */
export async function getContactTimeline(
  ctx: AuthContext,
  contactId: string,
  query: TimelineQuery = {},
  opts: { db?: Db } = {},
): Promise<TimelinePage> {
  if (!isUuid(contactId)) return { items: [], nextCursor: null };
  const orgId = ctx.organization.id;
  const kinds: string[] = [...(query.kinds?.length ? query.kinds : TIMELINE_KINDS)];
  const limit = Math.min(Math.max(query.limit ?? TIMELINE_PAGE_SIZE, 1), 100);
  const cursor = decodeCursor(query.cursor);
  // No cursor: a bound past every real timestamp and key, so the one statement serves every page.
  const afterAt = cursor?.at ?? "infinity";
  const afterKey = cursor?.key ?? "~";
  const rows = await withTenantContext(
    ctx,
    (tx) => tx.$queryRaw<Row[]>`
      select t.kind, t.key, to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, t.id, t.data,
             t.actor_id, u.name as actor_name, u.email as actor_email,
             t.assignee_id, a.name as assignee_name, a.email as assignee_email
        from (
          select 'entry' as kind, 'e:' || e.id::text as key, e.occurred_at as at, e.id::text as id,
                 e.created_by as actor_id, null::uuid as assignee_id,
                 jsonb_build_object('entryKind', e.kind, 'body', e.body, 'callOutcome', e.call_outcome,
                   'durationMinutes', e.duration_minutes,
                   'edited', e.updated_at > e.created_at + interval '1 second') as data
            from public.contact_entries e
           where e.organization_id = ${orgId}::uuid and e.contact_id = ${contactId}::uuid
             and lower(e.kind) = any(${kinds}::text[])
          union all
          select 'reminder', 'r:' || r.id::text, r.due_at, r.id::text, r.created_by, r.assignee_id,
                 jsonb_build_object('title', r.title, 'completedAt',
                   to_char(r.completed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            from public.contact_reminders r
           where r.organization_id = ${orgId}::uuid and r.contact_id = ${contactId}::uuid
             and 'reminder' = any(${kinds}::text[])
          union all
          select 'reminder', 'f:' || c.id::text, c.next_follow_up, null, null, c.assigned_to,
                 jsonb_build_object('title', 'Follow up', 'version', c.version)
            from public.contacts c
           where c.organization_id = ${orgId}::uuid and c.id = ${contactId}::uuid and c.next_follow_up is not null
             and 'reminder' = any(${kinds}::text[])
          union all
          select 'deal', 'd:' || d.id::text, d.created_at, d.id::text, d.created_by, null,
                 jsonb_build_object('title', d.title, 'stage', d.stage, 'value', d.value)
            from public.deals d
           where d.organization_id = ${orgId}::uuid and d.contact_id = ${contactId}::uuid
             and 'deal' = any(${kinds}::text[])
          union all
          select 'transaction', 'l:' || p.id::text, p.created_at, l.id::text, p.created_by, null,
                 jsonb_build_object('propertyAddress', l.property_address, 'role', p.role, 'status', l.status)
            from public.loop_participants p
            join public.transaction_loops l on l.organization_id = p.organization_id and l.id = p.loop_id
           where p.organization_id = ${orgId}::uuid and p.contact_id = ${contactId}::uuid
             and 'transaction' = any(${kinds}::text[])
          union all
          select 'change', 'a:' || g.id::text, g.created_at, g.id::text, g.user_id, null,
                 jsonb_build_object('action', g.action, 'oldValues', g.old_values, 'newValues', g.new_values)
            from public.transaction_audit_logs g
           where g.organization_id = ${orgId}::uuid
             and ((g.entity_type = 'contact' and g.entity_id = ${contactId}
                   and g.action not like 'contact.entry\\_%' and g.action not like 'contact.reminder\\_%')
               or (g.entity_type in ('contact_assignment', 'contact_tagging')
                   and g.new_values -> 'contactIds' @> to_jsonb(${contactId}::text)))
             and 'change' = any(${kinds}::text[])
        ) t
        left join public.users u on u.id = t.actor_id
        left join public.users a on a.id = t.assignee_id
       where (t.at, t.key collate "C") < (${afterAt}::timestamptz, ${afterKey} collate "C")
       order by t.at desc, t.key collate "C" desc
       limit ${limit + 1}`,
    opts,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.key) : null,
  };
}
