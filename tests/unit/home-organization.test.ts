// Where /app takes someone with several organizations: the last one they opened, else the highest plan, then name.
import { describe, expect, it } from "vitest";
import { pickHomeOrganization } from "@/lib/auth/home-organization";
import { lastOrganizationCookie } from "@/lib/home-organization-cookie";

const orgs = [
  { slug: "cedar", name: "Cedar Homes", tier: "STARTER" as const },
  { slug: "maple", name: "Maple Realty", tier: "ELITE" as const },
  { slug: "oak", name: "Oak & Co", tier: null },
];

describe("home organization", () => {
  it("is the last one used while the person is still a member of it", () => {
    expect(pickHomeOrganization(orgs, "cedar")?.slug).toBe("cedar");
    expect(pickHomeOrganization(orgs, "someone-elses")?.slug).toBe("maple");
  });

  it("else the one on the highest plan, then by name; none without organizations", () => {
    expect(pickHomeOrganization(orgs, undefined)?.slug).toBe("maple");
    const twoStarters = [
      { slug: "b", name: "Birch", tier: "STARTER" as const },
      { slug: "a", name: "Alder", tier: "STARTER" as const },
    ];
    expect(pickHomeOrganization(twoStarters, undefined)?.slug).toBe("a");
    expect(pickHomeOrganization([], "maple")).toBeNull();
  });

  it("is remembered by a cookie the browser sends on same-site navigations for a year, Secure over https", () => {
    expect(lastOrganizationCookie("maple", false)).toBe(
      "hearth_last_org=maple; Path=/; Max-Age=31536000; SameSite=Lax",
    );
    expect(lastOrganizationCookie("maple", true)).toMatch(/; Secure$/);
  });
});
