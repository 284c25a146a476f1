import "server-only";
// The organization's plan and settings as its settings pages show them.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";

export async function getSubscription(ctx: AuthContext) {
  return withTenantContext(ctx, async (tx) => {
    const [subscription, members] = await Promise.all([
      tx.subscription.findUnique({
        where: { organizationId: ctx.organization.id },
        select: { tier: true, status: true, currentPeriodEnd: true, updatedAt: true },
      }),
      tx.organizationMember.count({
        where: { organizationId: ctx.organization.id, acceptedAt: { not: null } },
      }),
    ]);
    return { subscription, members };
  });
}

/** The settings page's values. */
export async function getOrganizationSettings(ctx: AuthContext) {
  return withTenantContext(ctx, (tx) =>
    tx.organization.findUniqueOrThrow({
      where: { id: ctx.organization.id },
      select: { name: true, requireApprovalToClose: true },
    }),
  );
}
