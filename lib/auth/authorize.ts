import "server-only";
// authorize(): the three independent checks every server action and route handler runs, deny by default.
// Returns a typed context or throws an AppError naming the failed layer: UPGRADE_REQUIRED (plan),
// FORBIDDEN (global role), FORBIDDEN (organization role). Every denial is counted, and the organization's
// audit log gets the first of each hour and then every tenfold (1st, 10th, 100th…) with the count so far.
// Membership and plan are read on every call, so a demotion or removal applies to the very
// next request.
import { withTenantContext, withUserContext } from "../database/tenant";
import type { OrgRole, SubscriptionStatus, SubscriptionTier } from "../database/generated/prisma/enums";
import { AppError } from "../errors";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { accessDenial, effectiveTier, featureOf, PERMISSIONS, type Permission } from "./permissions";
import { assertRateLimit } from "./rate-limit";
import { isUuid } from "../validation";

export interface OrgAccess {
  organization: { id: string; name: string; slug: string };
  membership: { id: string; role: OrgRole; acceptedAt: Date; grants: string[] };
  role: OrgRole;
  /** The plan's effective tier (a cancelled subscription counts as FREE). */
  tier: SubscriptionTier;
  subscription: { tier: SubscriptionTier; status: SubscriptionStatus };
  /**
   * Set when platform support staff are inside through a live support grant instead of a membership (decision
   * 0027): they read what an admin reads, write nothing, until `expiresAt`. `membership` then describes the grant.
   */
  support?: { grantId: string; expiresAt: Date; reason: string };
}

export interface AuthContext extends OrgAccess {
  user: CurrentUser;
  /** For withTenantContext: the verified claims of the caller. */
  claims: Record<string, unknown>;
}

export interface AuthorizeRequest {
  /** Organization slug or id, as the URL or the action input carries it. */
  organization: string;
  /** The plan feature it needs follows from the permission (featureOf). */
  permission: Permission;
}

const ORGANIZATION_SELECT = {
  id: true,
  name: true,
  slug: true,
  subscription: { select: { tier: true, status: true } },
} as const;

/** The organization and its plan as OrgAccess carries them (a missing subscription counts as FREE). */
function organizationAccess(org: {
  id: string;
  name: string;
  slug: string;
  subscription: { tier: SubscriptionTier; status: SubscriptionStatus } | null;
}): Pick<OrgAccess, "organization" | "tier" | "subscription"> {
  const subscription = org.subscription ?? { tier: "FREE" as const, status: "ACTIVE" as const };
  return {
    organization: { id: org.id, name: org.name, slug: org.slug },
    tier: effectiveTier(subscription.tier, subscription.status),
    subscription,
  };
}

/** The caller's accepted membership in an organization (read under RLS as the caller), or null. */
export async function loadOrgAccess(user: CurrentUser, organization: string): Promise<OrgAccess | null> {
  const where = isUuid(organization) ? { id: organization } : { slug: organization.toLowerCase() };
  const membership = await withUserContext({ user, claims: user.claims }, (tx) =>
    tx.organizationMember.findFirst({
      where: { userId: user.id, acceptedAt: { not: null }, organization: where },
      select: {
        id: true,
        role: true,
        acceptedAt: true,
        grants: true,
        organization: { select: ORGANIZATION_SELECT },
      },
    }),
  );
  if (!membership || !membership.acceptedAt) {
    return user.globalRole === "SUPPORT" ? loadSupportAccess(user, where) : null;
  }
  return {
    ...organizationAccess(membership.organization),
    membership: {
      id: membership.id,
      role: membership.role,
      acceptedAt: membership.acceptedAt,
      grants: membership.grants,
    },
    role: membership.role,
  };
}

/** Support staff without a membership: the organization through their newest live support grant, or null. */
async function loadSupportAccess(
  user: CurrentUser,
  where: { id: string } | { slug: string },
): Promise<OrgAccess | null> {
  const grant = await withUserContext({ user, claims: user.claims }, (tx) =>
    tx.supportAccess.findFirst({
      where: { userId: user.id, expiresAt: { gt: new Date() }, organization: where },
      orderBy: { expiresAt: "desc" },
      select: {
        id: true,
        reason: true,
        createdAt: true,
        expiresAt: true,
        organization: { select: ORGANIZATION_SELECT },
      },
    }),
  );
  if (!grant) return null;
  return {
    ...organizationAccess(grant.organization),
    // What the database evaluates a grant as: an admin's reads (private.permitted_org_ids).
    membership: { id: grant.id, role: "ADMIN", acceptedAt: grant.createdAt, grants: [] },
    role: "ADMIN",
    support: { grantId: grant.id, expiresAt: grant.expiresAt, reason: grant.reason },
  };
}

/** The user, or UNAUTHENTICATED when signed out; a suspended account is refused with its own message. */
export function assertActiveUser(user: CurrentUser | null): CurrentUser {
  if (!user) throw new AppError("UNAUTHENTICATED");
  if (user.globalRole === "SUSPENDED") {
    throw new AppError("UNAUTHENTICATED", "Your account is suspended. Contact your administrator.", {
      details: { reason: "suspended" },
    });
  }
  return user;
}

/** The signed-in user of this request (see assertActiveUser). */
export async function requireUser(): Promise<CurrentUser> {
  return assertActiveUser(await getCurrentUser());
}

/** The three checks for an already identified user (tests and route handlers call this directly). */
export async function authorizeUser(user: CurrentUser, req: AuthorizeRequest): Promise<AuthContext> {
  const access = await loadOrgAccess(user, req.organization);
  // Not a member: the organization "doesn't exist" for this caller.
  if (!access) throw new AppError("NOT_FOUND", "We couldn't find that organization.");
  const ctx: AuthContext = { ...access, user, claims: user.claims };
  const feature = featureOf(req.permission);
  const denial =
    ctx.support && PERMISSIONS[req.permission].write
      ? ({ layer: "global_role", code: "FORBIDDEN", message: "Support access is read-only." } as const)
      : accessDenial(ctx, req.permission);
  if (denial) {
    // Counted in the database; the log gets the 1st, 10th, 100th… denial of the hour (private.record_denial).
    const details = JSON.stringify({
      feature,
      permission: req.permission,
      layer: denial.layer,
      code: denial.code,
    });
    await withTenantContext(
      ctx,
      (tx) => tx.$queryRaw`select private.record_denial(${ctx.organization.id}::uuid, ${details}::jsonb)`,
    ).catch((err) => console.error("[authorize] could not record denial", err));
    throw new AppError(denial.code, denial.message, {
      details: {
        layer: denial.layer,
        feature,
        permission: req.permission,
        ...(denial.layer === "tier" ? { requiredTier: denial.requiredTier } : {}),
      },
    });
  }
  if (PERMISSIONS[req.permission].write) await assertRateLimit("mutation", user.id);
  return ctx;
}

export async function authorize(req: AuthorizeRequest): Promise<AuthContext> {
  return authorizeUser(await requireUser(), req);
}
