import "server-only";
// The support page's list: organizations by name or slug (names only — what's inside needs an audited entry).
import type { CurrentUser } from "@/lib/auth/current-user";
import { withUserContext } from "@/lib/database/tenant";
import type { SubscriptionTier } from "@/lib/database/generated/prisma/enums";

export interface SupportOrganization {
  id: string;
  name: string;
  slug: string;
  tier: SubscriptionTier;
  members: number;
  /** When the caller's live grant for it ends, if they have one. */
  openUntil: Date | null;
}

export async function searchOrganizationsForSupport(
  user: CurrentUser,
  query: string | undefined,
): Promise<SupportOrganization[]> {
  return withUserContext({ user, claims: user.claims }, async (tx) => {
    const rows = await tx.$queryRaw<
      Array<{ id: string; name: string; slug: string; tier: SubscriptionTier; members: bigint }>
    >`select id, name, slug, tier, members from private.search_organizations_for_support(${query ?? ""}, 50)`;
    const live = await tx.supportAccess.findMany({
      where: { userId: user.id, expiresAt: { gt: new Date() } },
      select: { organizationId: true, expiresAt: true },
    });
    const until = new Map<string, Date>();
    for (const g of live) {
      const seen = until.get(g.organizationId);
      if (!seen || seen < g.expiresAt) until.set(g.organizationId, g.expiresAt);
    }
    return rows.map((r) => ({ ...r, members: Number(r.members), openUntil: until.get(r.id) ?? null }));
  });
}
