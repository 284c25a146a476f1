// The manager's dashboard's numbers on a seeded scenario: the leaderboard per period (deals won, closed volume,
// loops closed), KPIs, the open pipeline by stage, lead sources with conversion, this month's closings; another
// organization reads nothing of it (RLS, even with a forged context); members and viewers keep their own view —
// the refresh route refuses them — while owners and admins get the numbers.
import { beforeAll, describe, expect, it } from "vitest";
import { getTeamPerformance } from "@/lib/modules/dashboard";
import { teamPerformanceRoute } from "@/lib/modules/dashboard/routes/performance";
import type { TeamPerformance } from "@/lib/modules/dashboard/schemas";
import { asCurrentUser, seedTenant, type TestTenant, type TestUser } from "../../support/factories";
import { ctxOf } from "../crm/support";
import { expectedWon, periodStarts, seedScenario, type Scenario } from "./support";

let scenario: Scenario;
let outsider: TestTenant;

beforeAll(async () => {
  scenario = await seedScenario();
  outsider = await seedTenant({ roles: ["OWNER"] });
});

const managerCtx = () => ctxOf(scenario.t, "OWNER", "dashboard:view");
const row = (p: TeamPerformance, userId: string | null) => p.leaderboard.find((r) => r.userId === userId);

describe("the leaderboard per period", () => {
  it.each(["month", "quarter", "year"] as const)("%s", async (period) => {
    const perf = await getTeamPerformance(await managerCtx(), period);
    const want = expectedWon(scenario, period);
    const { t } = scenario;
    expect(perf.period).toBe(period);
    expect(perf.from).toBe(periodStarts()[period].toISOString().slice(0, 10));
    const member = row(perf, t.users.MEMBER!.id)!;
    const admin = row(perf, t.users.ADMIN!.id)!;
    expect(member).toMatchObject({
      name: t.users.MEMBER!.name,
      dealsWon: want.MEMBER.dealsWon,
      loopsClosed: 1,
    });
    expect(Number(member.closedVolume)).toBe(want.MEMBER.closedVolume);
    expect(admin).toMatchObject({ dealsWon: 1, closedVolume: "300000.50", loopsClosed: 1 });
    // Unassigned won deals get their own row; every accepted member is listed, even with nothing yet.
    expect(row(perf, null)).toMatchObject({ dealsWon: 1, closedVolume: "10.00", loopsClosed: 0 });
    expect(row(perf, t.users.OWNER!.id)).toMatchObject({ dealsWon: 0, closedVolume: "0", loopsClosed: 0 });
    expect(row(perf, t.users.VIEWER!.id)).toMatchObject({ dealsWon: 0, loopsClosed: 0 });
    expect(perf.leaderboard).toHaveLength(5);
    // Ordered by closed volume: the admin's $300k first.
    expect(perf.leaderboard[0]!.userId).toBe(t.users.ADMIN!.id);
    expect(perf.kpis).toMatchObject({ dealsWon: want.total, loopsClosed: 1 });
    expect(Number(perf.kpis.closedVolume)).toBeCloseTo(
      want.MEMBER.closedVolume + want.ADMIN.closedVolume + want.unassigned.closedVolume,
      2,
    );
  });

  it("the year never counts last year's deal or loop", async () => {
    const perf = await getTeamPerformance(await managerCtx(), "year");
    expect(row(perf, scenario.t.users.MEMBER!.id)).toMatchObject({ dealsWon: 3, closedVolume: "175000.00" });
  });
});

describe("pipeline, lead sources, closings", () => {
  it("adds up what is open now, by source and this month", async () => {
    const perf = await getTeamPerformance(await managerCtx(), "month");
    expect(perf.pipeline).toEqual([
      { stage: "LEAD", count: 2, value: "3500.00" },
      { stage: "QUALIFIED", count: 0, value: "0" },
      { stage: "SHOWING", count: 0, value: "0" },
      { stage: "OFFER", count: 1, value: "40000.00" },
      { stage: "UNDER_CONTRACT", count: 0, value: "0" },
    ]);
    expect(perf.kpis).toMatchObject({ openPipeline: "43500.00", openDeals: 3, contacts: 7, clients: 3 });
    // Sources are trimmed (" Zillow " is Zillow); CLIENT and PAST_CLIENT both became clients.
    expect(perf.sources).toEqual([
      { source: "Zillow", contacts: 4, clients: 2 },
      { source: "Referral", contacts: 2, clients: 0 },
      { source: null, contacts: 1, clients: 1 },
    ]);
    expect(perf.closings.map((c) => [c.propertyAddress, c.status])).toEqual([
      ["1 Month Close", "CLOSED"],
      ["3 Pending Close", "UNDER_CONTRACT"],
    ]);
  });
});

describe("who reads it", () => {
  const call = (user: TestUser, org: string, query = "") =>
    teamPerformanceRoute.as(asCurrentUser(user))(
      new Request(`http://localhost/api/organizations/${org}/dashboard/performance${query}`),
      { params: Promise.resolve({ org }) },
    );

  it("owners and admins get the numbers through the refresh route", async () => {
    for (const role of ["OWNER", "ADMIN"] as const) {
      const res = await call(scenario.t.users[role]!, scenario.t.org.slug, "?period=quarter");
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: TeamPerformance };
      expect(data.period).toBe("quarter");
      expect(row(data, scenario.t.users.ADMIN!.id)?.dealsWon).toBe(1);
    }
    // An unknown period is this month, not an error.
    const res = await call(scenario.t.users.OWNER!, scenario.t.org.slug, "?period=decade");
    expect(((await res.json()) as { data: TeamPerformance }).data.period).toBe("month");
  });

  it("members and viewers keep their own view: the route refuses them", async () => {
    for (const role of ["MEMBER", "VIEWER"] as const) {
      const res = await call(scenario.t.users[role]!, scenario.t.org.slug);
      expect(res.status).toBe(403);
      expect(JSON.stringify(await res.json())).not.toContain("300000");
    }
  });

  it("another organization's owner gets nothing: refused by the route, zeros under RLS", async () => {
    const res = await call(outsider.users.OWNER!, scenario.t.org.slug);
    expect(res.status).toBe(404);
    // A forged context (the outsider's identity pinned to the victim's organization): RLS shows no row.
    const forged = { ...(await ctxOf(outsider, "OWNER", "dashboard:view")) };
    forged.organization = { ...forged.organization, id: scenario.t.org.id };
    const perf = await getTeamPerformance(forged, "year");
    expect(perf.leaderboard).toEqual([]);
    expect(perf.kpis).toMatchObject({ dealsWon: 0, closedVolume: "0", loopsClosed: 0, contacts: 0 });
    expect(perf.pipeline.every((s) => s.count === 0)).toBe(true);
    expect(perf.sources).toEqual([]);
    expect(perf.closings).toEqual([]);
    // …and its own dashboard is empty of the victim's data.
    const own = await getTeamPerformance(await ctxOf(outsider, "OWNER", "dashboard:view"), "year");
    expect(own.leaderboard.map((r) => r.userId)).toEqual([outsider.users.OWNER!.id]);
    expect(own.kpis.dealsWon).toBe(0);
  });
});
