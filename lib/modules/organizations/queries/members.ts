import "server-only";
// Reads of an organization's people: its members (and, for those who manage them, pending invitations), and the
// members contacts, deals and tasks can be assigned to.
import type { AuthContext } from "@/lib/auth/authorize";
import { accessDenial } from "@/lib/auth/permissions";
import { withTenantContext } from "@/lib/database/tenant";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { PERSON_SELECT } from "@/lib/people";
import { assignableMembers } from "../services/assignees";

export interface Assignee {
  id: string;
  name: string | null;
  email: string;
}

/** Members who can be assigned contacts, deals and tasks (not viewers, not suspended, joined), by name. */
export async function listAssignees(ctx: AuthContext): Promise<Assignee[]> {
  return listPeople(ctx, assignableMembers(ctx.organization.id));
}

/** Members who can be a loop's teammate: every joined, unsuspended member, viewers included. */
export async function listTeammates(ctx: AuthContext): Promise<Assignee[]> {
  return listPeople(ctx, {
    organizationId: ctx.organization.id,
    acceptedAt: { not: null },
    user: { globalRole: { not: "SUSPENDED" } },
  });
}

async function listPeople(ctx: AuthContext, where: Prisma.OrganizationMemberWhereInput): Promise<Assignee[]> {
  const members = await withTenantContext(ctx, (tx) =>
    tx.organizationMember.findMany({ where, select: { user: { select: PERSON_SELECT } } }),
  );
  return members.map((m) => m.user).sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
}

/** The member list, and pending invitations for those who manage members. */
export async function listMembers(ctx: AuthContext) {
  return withTenantContext(ctx, async (tx) => {
    const [members, invitations] = await Promise.all([
      tx.organizationMember.findMany({
        where: { organizationId: ctx.organization.id },
        select: {
          id: true,
          role: true,
          grants: true,
          acceptedAt: true,
          createdAt: true,
          user: { select: PERSON_SELECT },
        },
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
      }),
      accessDenial(ctx, "members:manage") === null
        ? tx.invitation.findMany({
            where: {
              organizationId: ctx.organization.id,
              acceptedAt: null,
              revokedAt: null,
              expiresAt: { gt: new Date() },
            },
            select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
            orderBy: { createdAt: "desc" },
          })
        : Promise.resolve([]),
    ]);
    return { members, invitations };
  });
}
