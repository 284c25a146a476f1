import "server-only";
// A contact's page: the contact with its assignee and creator, and its deals. Two statements; its history is the
// timeline (./timeline.ts), one statement per page.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import type { ContactStatus, DealStage, TagOption } from "../schemas";
import { isUuid } from "@/lib/validation";
import { PERSON_SELECT, type Person } from "@/lib/people";

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
      };
    },
    opts,
  );
}
