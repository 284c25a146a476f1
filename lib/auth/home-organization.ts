// Where "home" (/app) takes a signed-in user with several organizations: the one they last opened (a cookie the
// proxy sets on every page under /<org>/, trusted only if they're still a member), else the one on the highest plan
// — where a team's work usually is — then by name. See docs/decisions/0015-home-organization.md.
import type { SubscriptionTier } from "../database/generated/prisma/enums";
import { TIERS } from "./permissions";

export const LAST_ORG_COOKIE = "hearth_last_org";

/** Top-level paths that aren't organizations. */
const NOT_ORGANIZATIONS = new Set([
  "app",
  "auth",
  "invite",
  "login",
  "signup",
  "onboarding",
  "api",
  "support",
  "forgot-password",
  "reset-password",
]);
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The organization slug a page path is under (`/maple/crm` → `maple`), or null. */
export function organizationOfPath(pathname: string): string | null {
  const first = pathname.split("/")[1] ?? "";
  return first.length >= 2 && SLUG.test(first) && !NOT_ORGANIZATIONS.has(first) ? first : null;
}

export function pickHomeOrganization<T extends { slug: string; name: string; tier: SubscriptionTier | null }>(
  organizations: readonly T[],
  lastUsed: string | undefined,
): T | null {
  const last = organizations.find((o) => o.slug === lastUsed);
  if (last) return last;
  const rank = (o: T) => (o.tier ? TIERS.indexOf(o.tier) : -1);
  return [...organizations].sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name))[0] ?? null;
}
