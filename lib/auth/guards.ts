import "server-only";
// Page guards: signed-out visitors go to /login?next=…, suspended accounts are signed out with a message,
// users without an accepted membership go to onboarding, and an organization the user doesn't belong to
// is a 404 (its existence isn't revealed).
import { notFound, redirect } from "next/navigation";
import { withUserContext } from "../database/tenant";
import { loadOrgAccess, type AuthContext } from "./authorize";
import type { SubscriptionTier } from "../database/generated/prisma/enums";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { pageDenial, type Denial, type Permission } from "./permissions";

export async function requireAuth(nextPath: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  if (user.globalRole === "SUSPENDED") redirect("/auth/signout?reason=suspended");
  return user;
}

export interface UserOrganization {
  id: string;
  name: string;
  slug: string;
  role: string;
  tier: SubscriptionTier | null;
}

/** Organizations where the user has an accepted membership, for the switcher. */
export async function listUserOrganizations(user: CurrentUser): Promise<UserOrganization[]> {
  const rows = await withUserContext({ user, claims: user.claims }, (tx) =>
    tx.organizationMember.findMany({
      where: { userId: user.id, acceptedAt: { not: null } },
      select: {
        role: true,
        organization: {
          select: { id: true, name: true, slug: true, subscription: { select: { tier: true } } },
        },
      },
      orderBy: { organization: { name: "asc" } },
    }),
  );
  return rows.map(({ role, organization: { subscription, ...org } }) => ({
    ...org,
    role,
    tier: subscription?.tier ?? null,
  }));
}

/** For pages under /[org]: the signed-in member's context, or the right redirect / 404. */
export async function requireOrgPage(orgSlug: string, nextPath: string): Promise<AuthContext> {
  const user = await requireAuth(nextPath);
  const access = await loadOrgAccess(user, orgSlug);
  if (!access) {
    // Support staff get in through an audited, time-limited grant from the support page (decision 0027).
    if (user.globalRole === "SUPPORT") redirect(`/support?q=${encodeURIComponent(orgSlug)}`);
    const orgs = await listUserOrganizations(user);
    if (orgs.length === 0) redirect("/onboarding/organization");
    notFound();
  }
  return { ...access, user, claims: user.claims };
}

/**
 * A page-level check (no audit entry; actions still authorize for real). The roles come before the plan, so
 * a `tier` denial means an upgrade would really give this person access; anything else is "no access".
 */
export function pageAccess(ctx: AuthContext, permission: Permission): Denial | null {
  return pageDenial(ctx, permission);
}
