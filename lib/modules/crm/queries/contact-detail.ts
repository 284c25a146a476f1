import "server-only";
// A contact's page: the contact with its assignee, its deals, and its activity (the audit entries about it,
// with the actor's name joined in the same statement). Three statements however long the history is.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import type { ContactStatus, DealStage, TagOption } from "../schemas";
import { isUuid } from "@/lib/validation";
import { PERSON_SELECT, type Person } from "@/lib/people";

export const ACTIVITY_LIMIT = 50;

export interface ContactDetail {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: ContactStatus;
  source: string | null;
  notes: string | null;
  nextFollowUp: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  assignee: Person | null;
  creator: Person | null;
  tags: TagOption[];
  deals: Array<{
    id: string;
    title: string;
    value: string;
    stage: DealStage;
    version: number;
    closedAt: string | null;
    lostReason: string | null;
    expectedClose: string | null;
    assignee: Person | null;
  }>;
  activity: Array<{
    id: string;
    action: string;
    createdAt: string;
    actor: Person | null;
    oldValues: unknown;
    newValues: unknown;
  }>;
}

interface ActivityRow {
  id: string;
  action: string;
  created_at: Date;
  user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  old_values: unknown;
  new_values: unknown;
}

const person = { select: PERSON_SELECT } as const;

/** The contact, or null when it doesn't exist in this organization (another organization's id included). */
export async function getContactDetail(
  ctx: AuthContext,
  id: string,
  opts: { db?: Db } = {},
): Promise<ContactDetail | null> {
  if (!isUuid(id)) return null;
  const orgId = ctx.organization.id;
  return withTenantContext(
    ctx,
    async (tx) => {
      const contact = await tx.contact.findFirst({
        where: { id, organizationId: orgId },
        select: {
          id: true,
          name: true,
          email: true,
          phone: true,
          company: true,
          status: true,
          source: true,
          notes: true,
          nextFollowUp: true,
          version: true,
          createdAt: true,
          updatedAt: true,
          assignee: person,
          creator: person,
          tags: { select: { tag: { select: { id: true, name: true } } } },
        },
      });
      if (!contact) return null;
      const deals = await tx.deal.findMany({
        where: { organizationId: orgId, contactId: id },
        select: {
          id: true,
          title: true,
          value: true,
          stage: true,
          version: true,
          closedAt: true,
          lostReason: true,
          expectedClose: true,
          assignee: person,
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      const activity = await tx.$queryRaw<ActivityRow[]>`
        select l.id, l.action, l.created_at, l.user_id, u.name as actor_name, u.email as actor_email, l.old_values, l.new_values
          from public.transaction_audit_logs l
          left join public.users u on u.id = l.user_id
         where l.organization_id = ${orgId}::uuid
           and ((l.entity_type = 'contact' and l.entity_id = ${id})
             or (l.entity_type in ('contact_assignment', 'contact_tagging')
                 and l.new_values -> 'contactIds' @> to_jsonb(${id}::text)))
         order by l.created_at desc, l.id desc
         limit ${ACTIVITY_LIMIT}`;
      return {
        ...contact,
        tags: contact.tags
          .map((t) => t.tag)
          .sort((x, y) => x.name.localeCompare(y.name, "en", { sensitivity: "base" })),
        nextFollowUp: contact.nextFollowUp?.toISOString() ?? null,
        createdAt: contact.createdAt.toISOString(),
        updatedAt: contact.updatedAt.toISOString(),
        deals: deals.map((d) => ({
          ...d,
          value: d.value.toFixed(2),
          closedAt: d.closedAt?.toISOString() ?? null,
          expectedClose: d.expectedClose?.toISOString().slice(0, 10) ?? null,
        })),
        activity: activity.map((a) => ({
          id: a.id,
          action: a.action,
          createdAt: a.created_at.toISOString(),
          actor: a.user_id ? { id: a.user_id, name: a.actor_name, email: a.actor_email } : null,
          oldValues: a.old_values,
          newValues: a.new_values,
        })),
      };
    },
    opts,
  );
}
