import "server-only";
// authorize(): the three independent checks every server action and route handler runs, deny by default.
// Returns a typed context or throws an AppError naming the failed layer: UPGRADE_REQUIRED (plan),
// FORBIDDEN (global role), FORBIDDEN (organization role). Every denial is counted, and the organization's
// audit log gets the first of each hour and then every tenfold (1st, 10th, 100th…) with the count so far.
// Membership and plan are read on every call, so a demotion or removal applies to the very
// next request.
import { getPrisma } from "../database/client";
import { toAppError } from "../database/errors";
import { Prisma } from "../database/generated/prisma/client";
import {
  armIdempotencyKey,
  idempotentTransaction,
  pendingIdempotencyKey,
  type ClaimedKey,
} from "../database/idempotency";
import {
  APP_ROLE,
  inTenantTransaction,
  tenantClaims,
  withTenantContext,
  type TenantOptions,
  type TenantTx,
} from "../database/tenant";
import type { OrgRole, SubscriptionStatus, SubscriptionTier } from "../database/generated/prisma/enums";
import { AppError } from "../errors";
import { getCurrentUser, syncUserWith, type CurrentUser } from "./current-user";
import { accessDenial, effectiveTier, featureOf, PERMISSIONS, type Permission } from "./permissions";
import {
  hitRateLimit,
  rateLimitError,
  writeLimit,
  type RateLimitName,
  type RateLimitResult,
} from "./rate-limit";

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
  /** The rate-limit bucket a write counts in, when not the shared mutation bucket (writeLimit). */
  rateLimit?: RateLimitName;
}

/** What private.begin_request answers (dates as JSON strings). */
interface BeginRow {
  member: {
    id: string;
    role: OrgRole;
    acceptedAt: string;
    grants: string[];
    organization: OrgAccess["organization"];
    subscription: OrgAccess["subscription"] | null;
  } | null;
  support: {
    id: string;
    reason: string;
    createdAt: string;
    expiresAt: string;
    organization: OrgAccess["organization"];
    subscription: OrgAccess["subscription"] | null;
  } | null;
  rate: RateLimitResult | null;
  /** Asked for by pages: what their frame shows. */
  shell: PageShell | null;
  /** Asked for by a request with a create form's key: the key claimed, with its live row if any. */
  idempotency?: { row: ClaimedKey | null } | null;
}

/** An organization where the user has an accepted membership, for the switcher. */
export interface UserOrganization {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
  tier: SubscriptionTier | null;
}

/** What every page under an organization shows around its content. */
export interface PageShell {
  /** The user's organizations (accepted memberships), by name. */
  organizations: UserOrganization[];
  /** Their unread notifications in this organization. */
  unread: number;
}

/** The organization and its plan as OrgAccess carries them (a missing subscription counts as FREE). */
function organizationAccess(
  organization: OrgAccess["organization"],
  sub: OrgAccess["subscription"] | null,
): Pick<OrgAccess, "organization" | "tier" | "subscription"> {
  const subscription = sub ?? { tier: "FREE" as const, status: "ACTIVE" as const };
  return { organization, tier: effectiveTier(subscription.tier, subscription.status), subscription };
}

function toOrgAccess({ member, support }: BeginRow): OrgAccess | null {
  if (member) {
    return {
      ...organizationAccess(member.organization, member.subscription),
      membership: {
        id: member.id,
        role: member.role,
        acceptedAt: new Date(member.acceptedAt),
        grants: member.grants,
      },
      role: member.role,
    };
  }
  if (!support) return null;
  return {
    ...organizationAccess(support.organization, support.subscription),
    // What the database evaluates a grant as: an admin's reads (private.permitted_org_ids).
    membership: { id: support.id, role: "ADMIN", acceptedAt: new Date(support.createdAt), grants: [] },
    role: "ADMIN",
    support: { grantId: support.id, expiresAt: new Date(support.expiresAt), reason: support.reason },
  };
}

/** The begin_request call for the caller's tenant claims (JSON). */
function beginRequestCall(
  claims: string,
  req: {
    organization: string;
    shell?: boolean;
    rate?: { key: string; limit: number; windowSeconds: number } | null;
    idempotency?: { action: string; key: string } | null;
  },
): Prisma.Sql {
  const { rate, idempotency } = req;
  return Prisma.sql`private.begin_request(${claims}, ${req.organization}, ${req.shell ?? false},
    ${rate?.key ?? null}::text, ${rate?.limit ?? null}::int, ${rate?.windowSeconds ?? null}::int,
    ${idempotency?.action ?? null}::text, ${idempotency?.key ?? null}::text)`;
}

/**
 * The one statement that opens a request's database work (private.begin_request): the tenant settings from the
 * caller's claims, their access to the organization (membership, or a support grant for support staff), and — for
 * a write — the rate-limit hit. `switchRole` sends the switch to the app's role in the same statement, for a
 * transaction whose work follows.
 */
function beginRequest(
  db: Pick<TenantTx, "$queryRaw">,
  user: CurrentUser,
  req: AuthorizeRequest,
  switchRole: boolean,
): Promise<BeginRow> {
  const claims = JSON.stringify(tenantClaims({ user, claims: user.claims }));
  const write = PERMISSIONS[req.permission].write;
  const call = beginRequestCall(claims, {
    ...req,
    rate: write ? writeLimit(user.id, req.rateLimit) : null,
    // A write's transaction claims the form's key in the same statement (not a refusal's: it rolls back).
    idempotency: write && switchRole ? pendingIdempotencyKey() : null,
  });
  const rows = switchRole
    ? db.$queryRaw<
        Array<{ access: BeginRow }>
      >`select ${call} as access, set_config('role', ${APP_ROLE}, true)`
    : db.$queryRaw<Array<{ access: BeginRow }>>`select ${call} as access`;
  return rows.then(
    (r) => r[0]!.access,
    (err: unknown) => {
      throw toAppError(err);
    },
  );
}

/**
 * For pages: the session check and user sync, the caller's access (or null) and the page's frame — one statement
 * (the sync's, with begin_request evaluated beside it). `user` is null for a dead session.
 */
export async function loadOrgPage(
  claims: Record<string, unknown>,
  organization: string,
): Promise<{ user: CurrentUser | null; access: OrgAccess | null; shell: PageShell }> {
  const caller = { id: String(claims.sub ?? ""), email: String(claims.email ?? "").toLowerCase() || null };
  const call = beginRequestCall(JSON.stringify(tenantClaims({ user: caller, claims })), {
    organization,
    shell: true,
  });
  const { user, alongside } = await syncUserWith<BeginRow>(claims, getPrisma(), call).catch(
    (err: unknown) => {
      throw toAppError(err);
    },
  );
  if (!user || !alongside) return { user, access: null, shell: { organizations: [], unread: 0 } };
  return { user, access: toOrgAccess(alongside), shell: alongside.shell! };
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

/**
 * The three checks on what begin_request read: the context, or an AppError naming the failed layer. A denial is
 * returned (not thrown) so the caller records it outside the transaction that the error rolls back.
 */
function checkAccess(
  user: CurrentUser,
  req: AuthorizeRequest,
  row: BeginRow,
): { ctx: AuthContext; denial: null } | { ctx: AuthContext; denial: AppError } {
  const access = toOrgAccess(row);
  // Not a member: the organization "doesn't exist" for this caller.
  if (!access) throw new AppError("NOT_FOUND", "We couldn't find that organization.");
  const ctx: AuthContext = { ...access, user, claims: user.claims };
  const feature = featureOf(req.permission);
  const denial =
    ctx.support && PERMISSIONS[req.permission].write
      ? ({ layer: "global_role", code: "FORBIDDEN", message: "Support access is read-only." } as const)
      : accessDenial(ctx, req.permission);
  if (denial) {
    const error = new AppError(denial.code, denial.message, {
      details: {
        layer: denial.layer,
        feature,
        permission: req.permission,
        ...(denial.layer === "tier" ? { requiredTier: denial.requiredTier } : {}),
      },
    });
    return { ctx, denial: error };
  }
  if (row.rate && !row.rate.allowed) throw rateLimitError(row.rate);
  return { ctx, denial: null };
}

/** Counted in the database; the log gets the 1st, 10th, 100th… denial of the hour (private.record_denial). */
async function recordDenial(ctx: AuthContext, denial: AppError) {
  const details = JSON.stringify({
    feature: denial.details?.feature,
    permission: denial.details?.permission,
    layer: denial.details?.layer,
    code: denial.code,
  });
  await withTenantContext(
    ctx,
    (tx) => tx.$queryRaw`select private.record_denial(${ctx.organization.id}::uuid, ${details}::jsonb)`,
  ).catch((err) => console.error("[authorize] could not record denial", err));
}

/** The three checks for an already identified user (tests and route handlers call this directly): one statement. */
export async function authorizeUser(user: CurrentUser, req: AuthorizeRequest): Promise<AuthContext> {
  const checked = checkAccess(user, req, await beginRequest(getPrisma(), user, req, false));
  if (checked.denial) {
    await recordDenial(checked.ctx, checked.denial);
    throw checked.denial;
  }
  return checked.ctx;
}

/**
 * Authorizes and does the work in ONE tenant transaction: its first statement sets the tenant context, reads the
 * caller's access and counts the rate-limit hit (begin_request + the role switch); `work` follows on the same
 * transaction, and an idempotency key of the request (lib/database/idempotency.ts) is claimed in it too. A
 * refusal is recorded after the rollback; a write that fails after authorization still counts against the rate
 * limit (its hit was rolled back with it, so it is counted again on its own).
 */
export async function withAuthorization<T>(
  user: CurrentUser,
  req: AuthorizeRequest,
  work: (tx: TenantTx, ctx: AuthContext) => Promise<T>,
  opts: TenantOptions = {},
): Promise<T> {
  let refused: { ctx: AuthContext; denial: AppError } | null = null;
  let authorized = false;
  try {
    return await inTenantTransaction(async (tx) => {
      const access = await beginRequest(tx, user, req, true);
      const checked = checkAccess(user, req, access);
      if (checked.denial) {
        refused = checked;
        throw checked.denial;
      }
      authorized = true;
      armIdempotencyKey(); // the form's key counts from here: a refusal never claims it
      // A write's rate-limit hit has written already: the key is recorded with whatever the work returns.
      return idempotentTransaction(tx, () => work(tx, checked.ctx), {
        wrote: PERMISSIONS[req.permission].write,
        claimed: access.idempotency?.row,
      });
    }, opts);
  } catch (err) {
    const r = refused as { ctx: AuthContext; denial: AppError } | null;
    if (r) await recordDenial(r.ctx, r.denial);
    else if (authorized && PERMISSIONS[req.permission].write) {
      const { key, limit, windowSeconds } = writeLimit(user.id, req.rateLimit);
      await hitRateLimit(key, limit, windowSeconds).catch(() => {});
    }
    throw err;
  }
}

export async function authorize(req: AuthorizeRequest): Promise<AuthContext> {
  return authorizeUser(await requireUser(), req);
}
