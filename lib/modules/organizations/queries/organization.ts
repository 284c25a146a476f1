import "server-only";
// The organization's plan as its settings page shows it.
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
