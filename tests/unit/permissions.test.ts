// The authorization rules as a full matrix: every tier × global role × organization role × permission is
// checked against an independently written table of what Hearth promises (README → Plans and roles).
import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  evaluateAccess,
  evaluatePageAccess,
  requiredTier,
  TIERS,
  type Permission,
} from "@/lib/auth/permissions";

const GLOBAL_ROLES = ["SUPER_ADMIN", "USER", "SUPPORT", "SUSPENDED"] as const;
const ORG_ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;

// What each plan unlocks, by permission (independent of the implementation's feature table).
const PLAN_MIN: Record<Permission, (typeof TIERS)[number]> = {
  "organization:read": "FREE",
  "organization:update": "FREE",
  "members:read": "FREE",
  "members:manage": "FREE",
  "plan:manage": "FREE",
  "contacts:read": "STARTER",
  "contacts:write": "STARTER",
  "contacts:bulk": "STARTER",
  "deals:read": "STARTER",
  "deals:write": "STARTER",
  "loops:read": "GROWTH",
  "loops:write": "GROWTH",
  "templates:manage": "GROWTH",
  "reviews:manage": "GROWTH",
  "notifications:read": "FREE",
  "documents:read": "GROWTH",
  "documents:write": "GROWTH",
  "dashboard:view": "GROWTH",
  "activity:read": "GROWTH",
  "audit:read": "GROWTH",
  "audit:export": "ELITE",
};

const READS = new Set<Permission>([
  "organization:read",
  "notifications:read",
  "members:read",
  "contacts:read",
  "deals:read",
  "loops:read",
  "documents:read",
  "dashboard:view",
  "activity:read",
  "audit:read",
  "audit:export",
]);

const ROLE_ALLOWS: Record<(typeof ORG_ROLES)[number], Set<Permission>> = {
  OWNER: new Set(ALL_PERMISSIONS),
  ADMIN: new Set(ALL_PERMISSIONS.filter((p) => p !== "plan:manage")),
  MEMBER: new Set<Permission>([
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
  ]),
  VIEWER: new Set<Permission>([
    "organization:read",
    "notifications:read",
    "members:read",
    "contacts:read",
    "deals:read",
    "loops:read",
    "documents:read",
    "activity:read",
  ]),
};

function expected(
  tier: (typeof TIERS)[number],
  globalRole: (typeof GLOBAL_ROLES)[number],
  orgRole: (typeof ORG_ROLES)[number],
  p: Permission,
) {
  if (TIERS.indexOf(tier) < TIERS.indexOf(PLAN_MIN[p])) return "UPGRADE_REQUIRED:tier";
  if (globalRole === "SUSPENDED" || (globalRole === "SUPPORT" && !READS.has(p)))
    return "FORBIDDEN:global_role";
  if (!ROLE_ALLOWS[orgRole].has(p)) return "FORBIDDEN:org_role";
  return "ALLOW";
}

describe("authorization matrix", () => {
  it("has the permissions the table covers", () => {
    expect(new Set(ALL_PERMISSIONS)).toEqual(new Set(Object.keys(PLAN_MIN)));
  });

  it("decides every tier × global role × org role × permission as promised", () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const tier of TIERS)
      for (const globalRole of GLOBAL_ROLES)
        for (const orgRole of ORG_ROLES)
          for (const permission of ALL_PERMISSIONS) {
            const denial = evaluateAccess({
              tier,
              globalRole,
              orgRole,
              permission,
            });
            const got = denial ? `${denial.code}:${denial.layer}` : "ALLOW";
            const want = expected(tier, globalRole, orgRole, permission);
            if (got !== want)
              mismatches.push(`${tier}/${globalRole}/${orgRole}/${permission}: got ${got}, want ${want}`);
            checked++;
          }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(TIERS.length * GLOBAL_ROLES.length * ORG_ROLES.length * ALL_PERMISSIONS.length);
  });

  it("names the plan that unlocks a feature in the upgrade denial", () => {
    const denial = evaluateAccess({
      tier: "STARTER",
      globalRole: "USER",
      orgRole: "OWNER",
      permission: "loops:read",
    });
    expect(denial).toMatchObject({ code: "UPGRADE_REQUIRED", layer: "tier", requiredTier: "GROWTH" });
    expect(requiredTier("audit_export")).toBe("ELITE");
  });

  it("lets a membership's grants add a grantable permission, still under the plan and the global role", () => {
    const reviewer = {
      orgRole: "MEMBER" as const,
      grants: ["reviews:manage"],
      permission: "reviews:manage" as const,
    };
    expect(evaluateAccess({ tier: "GROWTH", globalRole: "USER", ...reviewer })).toBeNull();
    expect(evaluateAccess({ tier: "GROWTH", globalRole: "USER", ...reviewer, grants: [] })).toMatchObject({
      layer: "org_role",
    });
    expect(evaluateAccess({ tier: "STARTER", globalRole: "USER", ...reviewer })).toMatchObject({
      layer: "tier",
    });
    expect(evaluateAccess({ tier: "GROWTH", globalRole: "SUPPORT", ...reviewer })).toMatchObject({
      layer: "global_role",
    });
  });

  it("treats a cancelled subscription as the free plan", () => {
    const denial = evaluateAccess({
      tier: "ELITE",
      subscriptionStatus: "CANCELED",
      globalRole: "USER",
      orgRole: "OWNER",
      permission: "contacts:read",
    });
    expect(denial?.code).toBe("UPGRADE_REQUIRED");
  });

  it("checks the plan before the global role and the global role before the org role", () => {
    expect(
      evaluateAccess({
        tier: "FREE",
        globalRole: "SUSPENDED",
        orgRole: "VIEWER",
        permission: "contacts:write",
      })?.layer,
    ).toBe("tier");
    expect(
      evaluateAccess({
        tier: "GROWTH",
        globalRole: "SUPPORT",
        orgRole: "VIEWER",
        permission: "contacts:write",
      })?.layer,
    ).toBe("global_role");
    expect(
      evaluateAccess({
        tier: "GROWTH",
        globalRole: "USER",
        orgRole: "VIEWER",
        permission: "contacts:write",
      })?.layer,
    ).toBe("org_role");
  });
});

// What pages and the nav show: the roles first, so an upgrade prompt appears only where an upgrade would help.
function expectedOnPage(
  tier: (typeof TIERS)[number],
  globalRole: (typeof GLOBAL_ROLES)[number],
  orgRole: (typeof ORG_ROLES)[number],
  p: Permission,
) {
  if (globalRole === "SUSPENDED" || (globalRole === "SUPPORT" && !READS.has(p)))
    return "FORBIDDEN:global_role";
  if (!ROLE_ALLOWS[orgRole].has(p)) return "FORBIDDEN:org_role";
  if (TIERS.indexOf(tier) < TIERS.indexOf(PLAN_MIN[p])) return "UPGRADE_REQUIRED:tier";
  return "ALLOW";
}

describe("page access (what pages and the nav show)", () => {
  it("decides every tier × global role × org role × permission with the roles before the plan", () => {
    const mismatches: string[] = [];
    for (const tier of TIERS)
      for (const globalRole of GLOBAL_ROLES)
        for (const orgRole of ORG_ROLES)
          for (const permission of ALL_PERMISSIONS) {
            const denial = evaluatePageAccess({ tier, globalRole, orgRole, permission });
            const got = denial ? `${denial.code}:${denial.layer}` : "ALLOW";
            const want = expectedOnPage(tier, globalRole, orgRole, permission);
            if (got !== want)
              mismatches.push(`${tier}/${globalRole}/${orgRole}/${permission}: got ${got}, want ${want}`);
          }
    expect(mismatches).toEqual([]);
  });

  it("offers an upgrade only when the named plan would then allow it", () => {
    for (const tier of TIERS)
      for (const globalRole of GLOBAL_ROLES)
        for (const orgRole of ORG_ROLES)
          for (const permission of ALL_PERMISSIONS) {
            const denial = evaluatePageAccess({ tier, globalRole, orgRole, permission });
            if (denial?.layer !== "tier") continue;
            expect(denial.requiredTier).not.toBeNull();
            const upgraded = { tier: denial.requiredTier!, globalRole, orgRole, permission };
            expect(evaluatePageAccess(upgraded), `${tier}/${globalRole}/${orgRole}/${permission}`).toBeNull();
          }
  });

  it("tells a Member of a Starter organization they have no access to the team dashboard and the audit log", () => {
    for (const permission of ["dashboard:view", "audit:read"] as const) {
      const input = {
        tier: "STARTER" as const,
        globalRole: "USER" as const,
        orgRole: "MEMBER" as const,
        permission,
      };
      expect(evaluatePageAccess(input)).toMatchObject({ code: "FORBIDDEN", layer: "org_role" });
      // Server actions keep their order and codes: the plan is checked first.
      expect(evaluateAccess(input)).toMatchObject({ code: "UPGRADE_REQUIRED", layer: "tier" });
    }
  });
});
