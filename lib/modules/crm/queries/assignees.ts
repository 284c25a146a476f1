import "server-only";
// People contacts and deals can be assigned to: the organization's accepted, unsuspended members, for selects and
// filters.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";

export interface Assignee {
  id: string;
  name: string | null;
  email: string;
}

export async function listAssignees(ctx: AuthContext): Promise<Assignee[]> {
  const members = await withTenantContext(ctx, (tx) =>
    tx.organizationMember.findMany({
      where: {
        organizationId: ctx.organization.id,
        acceptedAt: { not: null },
        user: { globalRole: { not: "SUSPENDED" } },
      },
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
  );
  return members.map((m) => m.user).sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
}
