import "server-only";
// Who may be assigned contacts and deals: users with an accepted membership in the organization whose account isn't
// suspended (the database refuses anyone else too: private.assert_assignee_is_member).
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";

/** Throws VALIDATION (on `field`, with `message`) unless userId is an accepted member of the organization. */
export async function assertAssignee(
  tx: TenantTx,
  organizationId: string,
  userId: string | null,
  field = "assignedTo",
  message = "The assignee must be a member who has joined this organization.",
): Promise<void> {
  if (userId === null) return;
  const member = await tx.organizationMember.findFirst({
    where: { organizationId, userId, acceptedAt: { not: null }, user: { globalRole: { not: "SUSPENDED" } } },
    select: { id: true },
  });
  if (!member) {
    throw new AppError("VALIDATION", message, {
      fieldErrors: { [field]: ["Choose a member who has joined this organization"] },
    });
  }
}
