import "server-only";
// Who may be assigned contacts, deals and tasks: members who can do the work — joined, not suspended, and not a
// viewer (a viewer can't change what they would be assigned). Any joined, unsuspended member may be a loop's
// teammate. The database refuses anyone else too (private.assert_assignee_is_member).
import type { Prisma } from "@/lib/database/generated/prisma/client";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";

/** The memberships that can be assigned work in an organization. */
export function assignableMembers(organizationId: string) {
  return {
    organizationId,
    acceptedAt: { not: null },
    role: { not: "VIEWER" },
    user: { globalRole: { not: "SUSPENDED" } },
  } satisfies Prisma.OrganizationMemberWhereInput;
}

/** The member a check accepted, named as entries and notifications name people (null when none was asked for). */
export type CheckedMember = { name: string | null; email: string } | null;

async function assertMember(
  tx: TenantTx,
  where: Prisma.OrganizationMemberWhereInput,
  userId: string | null,
  refused: () => AppError,
): Promise<CheckedMember> {
  if (userId === null) return null;
  // One statement with the name (relationJoins), so a caller that names the assignee needs no second read.
  const member = await tx.organizationMember.findFirst({
    where: { ...where, userId },
    select: { user: { select: { name: true, email: true } } },
  });
  if (!member) throw refused();
  return member.user;
}

/** The refusal of an assignee who can't be assigned work (also for callers that checked in their own statement
 * with private.can_be_assigned, the database's form of assignableMembers). */
export function assigneeRefused(field = "assignedTo"): AppError {
  return new AppError(
    "VALIDATION",
    "The assignee must be a member who has joined this organization and isn't a viewer.",
    { fieldErrors: { [field]: ["Choose a member who can do this work (viewers can't be assigned)"] } },
  );
}

/** Throws VALIDATION (on `field`) unless userId can be assigned work in the organization; returns their name. */
export function assertAssignee(
  tx: TenantTx,
  organizationId: string,
  userId: string | null,
  field = "assignedTo",
): Promise<CheckedMember> {
  return assertMember(tx, assignableMembers(organizationId), userId, () => assigneeRefused(field));
}

/** Throws VALIDATION (on `field`) unless userId is a joined, unsuspended member (viewers included). */
export function assertTeammate(tx: TenantTx, organizationId: string, userId: string | null, field: string) {
  return assertMember(
    tx,
    { organizationId, acceptedAt: { not: null }, user: { globalRole: { not: "SUSPENDED" } } },
    userId,
    () =>
      new AppError(
        "VALIDATION",
        "Only a member who has joined this organization can be added as a teammate.",
        {
          fieldErrors: { [field]: ["Choose a member who has joined this organization"] },
        },
      ),
  );
}
