// Where "home" (/app) takes a signed-in user with several organizations: the one they last opened (a cookie the
// browser writes whenever an organization's pages are shown, trusted only if they're still a member), else the one
// on the highest plan — where a team's work usually is — then by name. See docs/decisions/0015-home-organization.md.
import type { SubscriptionTier } from "../database/generated/prisma/enums";
import { TIERS } from "./permissions";

export function pickHomeOrganization<T extends { slug: string; name: string; tier: SubscriptionTier | null }>(
  organizations: readonly T[],
  lastUsed: string | undefined,
): T | null {
  const last = organizations.find((o) => o.slug === lastUsed);
  if (last) return last;
  const rank = (o: T) => (o.tier ? TIERS.indexOf(o.tier) : -1);
  return [...organizations].sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name))[0] ?? null;
}
