// The authorization rules as data: what each subscription tier enables, what each global role may do with
// each module, and what each organization role may do. One pure function evaluates all three layers;
// tests/unit/permissions.test.ts checks it as a full matrix.
import type {
  GlobalRole,
  OrgRole,
  SubscriptionStatus,
  SubscriptionTier,
} from "../database/generated/prisma/enums";

export const FEATURES = [
  "organization",
  "crm",
  "transactions",
  "documents",
  "activity",
  "audit_export",
] as const;
export type Feature = (typeof FEATURES)[number];

export const MODULES = ["organization", "crm", "transactions", "activity"] as const;
export type Module = (typeof MODULES)[number];

/** Every permission, the module it belongs to, and whether it changes data. */
export const PERMISSIONS = {
  "organization:read": { module: "organization", write: false },
  "organization:update": { module: "organization", write: true },
  "members:read": { module: "organization", write: false },
  "members:manage": { module: "organization", write: true },
  "plan:manage": { module: "organization", write: true },
  "contacts:read": { module: "crm", write: false },
  "contacts:write": { module: "crm", write: true },
  "contacts:bulk": { module: "crm", write: true },
  "deals:read": { module: "crm", write: false },
  "deals:write": { module: "crm", write: true },
  "loops:read": { module: "transactions", write: false },
  "loops:write": { module: "transactions", write: true },
  "documents:read": { module: "transactions", write: false },
  "documents:write": { module: "transactions", write: true },
  "templates:manage": { module: "transactions", write: true },
  /** Approve or return documents in compliance review (owners, admins, and members given the reviewer flag). */
  "reviews:manage": { module: "transactions", write: true, feature: "documents" },
  "notifications:read": { module: "organization", write: false },
  "dashboard:view": { module: "activity", write: false },
  "activity:read": { module: "activity", write: false },
  "audit:read": { module: "activity", write: false },
  "audit:export": { module: "activity", write: false },
} as const satisfies Record<string, { module: Module; write: boolean; feature?: Feature }>;
export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const TIERS = [
  "FREE",
  "STARTER",
  "GROWTH",
  "ELITE",
  "ENTERPRISE",
] as const satisfies readonly SubscriptionTier[];

/** Layer 1 — the plan. */
export const TIER_FEATURES: Record<SubscriptionTier, readonly Feature[]> = {
  FREE: ["organization"],
  STARTER: ["organization", "crm"],
  GROWTH: ["organization", "crm", "transactions", "documents", "activity"],
  ELITE: ["organization", "crm", "transactions", "documents", "activity", "audit_export"],
  ENTERPRISE: ["organization", "crm", "transactions", "documents", "activity", "audit_export"],
};

/** Seats (accepted members + pending invitations) per plan; null = unlimited. */
export const TIER_SEATS: Record<SubscriptionTier, number | null> = {
  FREE: 2,
  STARTER: 5,
  GROWTH: 25,
  ELITE: 100,
  ENTERPRISE: null,
};

/** Layer 2 — the person's global (platform) role: which modules, read or write. */
export const GLOBAL_ROLE_MODULES: Record<GlobalRole, Partial<Record<Module, "read" | "write">>> = {
  SUPER_ADMIN: { organization: "write", crm: "write", transactions: "write", activity: "write" },
  USER: { organization: "write", crm: "write", transactions: "write", activity: "write" },
  SUPPORT: { organization: "read", crm: "read", transactions: "read", activity: "read" },
  SUSPENDED: {},
};

const MEMBER_PERMISSIONS: readonly Permission[] = [
  "organization:read",
  "notifications:read",
  "members:read",
  "contacts:read",
  "contacts:write",
  "deals:read",
  "deals:write",
  "loops:read",
  "loops:write",
  "documents:read",
  "documents:write",
  "activity:read",
];

/** Layer 3 — the person's role in this organization. */
export const ORG_ROLE_PERMISSIONS: Record<OrgRole, readonly Permission[]> = {
  OWNER: ALL_PERMISSIONS,
  ADMIN: ALL_PERMISSIONS.filter((p) => p !== "plan:manage"),
  MEMBER: MEMBER_PERMISSIONS,
  VIEWER: [
    "organization:read",
    "notifications:read",
    "members:read",
    "contacts:read",
    "deals:read",
    "loops:read",
    "documents:read",
    "activity:read",
  ],
};

/** Organization roles from most to least powerful (nobody raises their own role; invitations can't exceed the inviter's). */
export const ORG_ROLE_RANK: Record<OrgRole, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export type Denial =
  | { layer: "tier"; code: "UPGRADE_REQUIRED"; message: string; requiredTier: SubscriptionTier | null }
  | { layer: "global_role"; code: "FORBIDDEN"; message: string }
  | { layer: "org_role"; code: "FORBIDDEN"; message: string };

export interface AccessInput {
  tier: SubscriptionTier;
  subscriptionStatus?: SubscriptionStatus;
  globalRole: GlobalRole;
  orgRole: OrgRole;
  /** Extra permissions of the membership (GRANTABLE_PERMISSIONS). */
  grants?: readonly string[];
  /** The plan feature it needs follows from the permission (featureOf). */
  permission: Permission;
}

/** The lowest plan that includes a feature. */
export function requiredTier(feature: Feature): SubscriptionTier | null {
  return TIERS.find((t) => TIER_FEATURES[t].includes(feature)) ?? null;
}

/** A cancelled subscription falls back to the free plan's features. */
export function effectiveTier(
  tier: SubscriptionTier,
  status: SubscriptionStatus = "ACTIVE",
): SubscriptionTier {
  return status === "CANCELED" ? "FREE" : tier;
}

export function tierAllows(tier: SubscriptionTier, feature: Feature): boolean {
  return TIER_FEATURES[tier].includes(feature);
}

export function globalRoleAllows(globalRole: GlobalRole, permission: Permission): boolean {
  const { module, write } = PERMISSIONS[permission];
  const access = GLOBAL_ROLE_MODULES[globalRole][module];
  return access === "write" || (access === "read" && !write);
}

/** Permissions a membership may hold beyond its role (the reviewer flag). */
export const GRANTABLE_PERMISSIONS = ["reviews:manage"] as const satisfies readonly Permission[];

export function orgRoleAllows(
  orgRole: OrgRole,
  permission: Permission,
  grants: readonly string[] = [],
): boolean {
  return ORG_ROLE_PERMISSIONS[orgRole].includes(permission) || grants.includes(permission);
}

/** Evaluates the three layers in order; null means allowed. */
export function evaluateAccess(input: AccessInput): Denial | null {
  const tier = effectiveTier(input.tier, input.subscriptionStatus);
  const feature = featureOf(input.permission);
  if (!tierAllows(tier, feature)) {
    const needed = requiredTier(feature);
    return {
      layer: "tier",
      code: "UPGRADE_REQUIRED",
      requiredTier: needed,
      message: needed
        ? `This needs the ${needed.charAt(0) + needed.slice(1).toLowerCase()} plan or higher.`
        : "Your plan doesn't include this feature.",
    };
  }
  return roleDenial(input);
}

/** Layers 2 and 3 alone: what the person's roles deny, whatever the plan. */
function roleDenial(input: AccessInput): Denial | null {
  if (!globalRoleAllows(input.globalRole, input.permission)) {
    return {
      layer: "global_role",
      code: "FORBIDDEN",
      message:
        input.globalRole === "SUSPENDED"
          ? "Your account is suspended."
          : "Your account type can't do this (read-only platform access).",
    };
  }
  if (!orgRoleAllows(input.orgRole, input.permission, input.grants)) {
    return {
      layer: "org_role",
      code: "FORBIDDEN",
      message: `Your role in this organization (${input.orgRole.toLowerCase()}) doesn't allow this.`,
    };
  }
  return null;
}

/**
 * What a page or the nav shows: the same three layers, but the roles first, so a tier denial (an upgrade
 * prompt) only comes back when the person's roles would have the permission on a higher plan. Actions keep
 * evaluateAccess's order and codes.
 */
export function evaluatePageAccess(input: AccessInput): Denial | null {
  const denial = evaluateAccess(input);
  if (denial?.layer !== "tier") return denial;
  return roleDenial(input) ?? denial;
}

/** What an authorized caller (an AuthContext) holds: the three layers' inputs. */
export interface AccessHolder {
  subscription: { tier: SubscriptionTier; status: SubscriptionStatus };
  user: { globalRole: GlobalRole };
  role: OrgRole;
  membership: { grants: readonly string[] };
}

/** evaluateAccess for a caller already authorized for something else (pages, and services that show more to some). */
export function accessDenial(holder: AccessHolder, permission: Permission): Denial | null {
  return evaluateAccess(accessInput(holder, permission));
}

/** evaluatePageAccess for an authorized caller: what a page shows (role first, then the plan). */
export function pageDenial(holder: AccessHolder, permission: Permission): Denial | null {
  return evaluatePageAccess(accessInput(holder, permission));
}

function accessInput(holder: AccessHolder, permission: Permission): AccessInput {
  return {
    tier: holder.subscription.tier,
    subscriptionStatus: holder.subscription.status,
    globalRole: holder.user.globalRole,
    orgRole: holder.role,
    grants: holder.membership.grants,
    permission,
  };
}

export function can(input: AccessInput): boolean {
  return evaluateAccess(input) === null;
}

/** The plan feature a permission needs. */
export function featureOf(permission: Permission): Feature {
  const spec: { module: Module; feature?: Feature } = PERMISSIONS[permission];
  if (spec.feature) return spec.feature;
  if (permission === "audit:export") return "audit_export";
  if (permission.startsWith("documents:")) return "documents";
  return spec.module;
}
