import "server-only";
// Page guards: signed-out visitors go to /login?next=…, suspended accounts are signed out with a message,
// users without an accepted membership go to onboarding, and an organization the user doesn't belong to
// is a 404 (its existence isn't revealed).
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { withSharedTransaction, withUserContext } from "../database/tenant";
import { loadOrgPage, type AuthContext, type PageShell, type UserOrganization } from "./authorize";
import { getCurrentUser, getVerifiedClaims, type CurrentUser } from "./current-user";
import { pageDenial, type Denial, type Permission } from "./permissions";

export async function requireAuth(nextPath: string): Promise<CurrentUser> {
  return signedIn(await getCurrentUser(), nextPath);
}

/** The user, or the redirect a signed-out or suspended visitor gets. */
function signedIn(user: CurrentUser | null, nextPath: string): CurrentUser {
  if (!user) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  if (user.globalRole === "SUSPENDED") redirect("/auth/signout?reason=suspended");
  return user;
}

export type { UserOrganization } from "./authorize";

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

/**
 * The access and frame of one organization's page, read once per request (React cache): the layout and the page
 * both ask, one statement answers (private.begin_request).
 */
const orgPage = cache(async (orgSlug: string) => {
  const claims = await getVerifiedClaims();
  return claims ? loadOrgPage(claims, orgSlug) : null;
});

/**
 * For the layout under /[org]: the signed-in member's context and the page's frame (the organization switcher,
 * unread notifications), or the right redirect / 404.
 */
export async function requireOrgFrame(
  orgSlug: string,
  nextPath: string,
): Promise<{ ctx: AuthContext; shell: PageShell }> {
  // The session check, the user sync, the access check and the frame: one statement, once per request.
  const page = await orgPage(orgSlug);
  const user = signedIn(page?.user ?? null, nextPath);
  const { access, shell } = page!;
  if (!access) {
    // Support staff get in through an audited, time-limited grant from the support page (decision 0027).
    if (user.globalRole === "SUPPORT") redirect(`/support?q=${encodeURIComponent(orgSlug)}`);
    if (shell.organizations.length === 0) redirect("/onboarding/organization");
    notFound();
  }
  return { ctx: { ...access, user, claims: user.claims }, shell };
}

/** For pages under /[org]: the signed-in member's context, or the right redirect / 404. */
export async function requireOrgPage(orgSlug: string, nextPath: string): Promise<AuthContext> {
  return (await requireOrgFrame(orgSlug, nextPath)).ctx;
}

/**
 * A page's reads in ONE tenant transaction: every query `reads` runs for this caller and organization joins it
 * instead of opening its own (lib/database/tenant.ts withSharedTransaction).
 */
export function pageReads<T>(ctx: AuthContext, reads: () => Promise<T>): Promise<T> {
  return withSharedTransaction(ctx, reads);
}

/**
 * A page-level check (no audit entry; actions still authorize for real). The roles come before the plan, so
 * a `tier` denial means an upgrade would really give this person access; anything else is "no access".
 */
export function pageAccess(ctx: AuthContext, permission: Permission): Denial | null {
  return pageDenial(ctx, permission);
}
