// The manager's dashboard refreshes live: two managers' PerformanceSync (the audit log's Realtime channel, with
// real user sessions through the official client) refetch the numbers when a deal is won and when a loop closes;
// a member of another organization subscribed with the victim's organization filter receives nothing, so it
// never refetches — and what it would fetch is refused anyway (performance.test.ts).
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { authorizeUser } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { moveDealStage } from "@/lib/modules/crm/services/deals";
import { getTeamPerformance } from "@/lib/modules/dashboard";
import { PerformanceSync } from "@/lib/modules/dashboard/client";
import type { TeamPerformance } from "@/lib/modules/dashboard/schemas";
import { changeLoopStatus } from "@/lib/modules/transactions/services/loops";
import { signedInMember, until } from "../../support/activity-feed";
import { asCurrentUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../../support/factories";
import { ctxOf } from "../crm/support";
import { insertDeal, insertLoop, periodStarts } from "./support";

interface Watcher {
  sync: PerformanceSync;
  client: SupabaseClient;
  fetches: number;
  latest: TeamPerformance | null;
  status: string[];
}

const watchers: Watcher[] = [];
afterAll(async () => {
  for (const w of watchers) {
    await w.sync.stop();
    w.client.realtime.disconnect();
  }
});

/** A signed-in person watching `watched`'s dashboard numbers; fetches run as `reader` of `readerTenant`. */
async function watch(readerTenant: TestTenant, role: "OWNER" | "ADMIN", watched: TestTenant) {
  const { user, client } = await signedInMember(readerTenant, role);
  const ctx = await authorizeUser(asCurrentUser(user), {
    organization: readerTenant.org.id,
    permission: "dashboard:view",
  });
  const w: Watcher = { client, fetches: 0, latest: null, status: [] } as unknown as Watcher;
  w.sync = new PerformanceSync({
    supabase: client,
    organizationId: watched.org.id,
    debounceMs: 50,
    refresh: async () => {
      // Counted once the numbers are in, so "fetches === 1" means the first numbers are there to read.
      w.latest = await getTeamPerformance(ctx, "month");
      w.fetches++;
    },
    onStatus: (s) => w.status.push(s),
  });
  watchers.push(w);
  void w.sync.start();
  await until(() => w.status.includes("SUBSCRIBED") && w.fetches === 1, `subscription of ${user.email}`);
  return w;
}

let A: TestTenant;
let B: TestTenant;
let agent: TestUser;
let m1: Watcher;
let m2: Watcher;
let spy: Watcher;

beforeAll(async () => {
  A = await seedTenant({ roles: ["OWNER", "MEMBER"] });
  B = await seedTenant({ roles: ["OWNER"] });
  agent = A.users.MEMBER!;
  await ownerDb().organization.update({ where: { id: A.org.id }, data: { requireApprovalToClose: false } });
  [m1, m2, spy] = await Promise.all([watch(A, "OWNER", A), watch(A, "ADMIN", A), watch(B, "OWNER", A)]);
}, 60_000);

describe("live dashboard numbers", () => {
  it("a deal moved to Won reaches both managers' numbers within seconds; the outsider hears nothing", async () => {
    const [contact] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
      "insert into public.contacts (organization_id, name) values ($1::uuid, 'Live buyer') returning id",
      A.org.id,
    );
    const deal = await insertDeal(A.org.id, contact!.id, {
      value: 250_000,
      stage: "OFFER",
      assignedTo: agent.id,
    });
    const spyFetches = spy.fetches;
    expect(m1.latest?.kpis.dealsWon).toBe(0);
    await moveDealStage(await ctxOf(A, "MEMBER", "deals:write"), {
      organization: A.org.slug,
      id: deal,
      stage: "CLOSED_WON",
      version: 1,
    });
    for (const m of [m1, m2]) {
      await until(() => m.latest?.kpis.dealsWon === 1, "the won deal on a manager's numbers", 5_000);
      expect(m.latest!.leaderboard[0]).toMatchObject({
        userId: agent.id,
        dealsWon: 1,
        closedVolume: "250000.00",
      });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(spy.fetches).toBe(spyFetches);
  });

  it("a loop that closes refreshes them too", async () => {
    const loop = await insertLoop(A.org.id, {
      address: "9 Live Close",
      status: "CLOSING",
      closing: periodStarts().month,
      agents: [["LISTING_AGENT", agent.id]],
    });
    const before = m1.fetches;
    await changeLoopStatus(await ctxOf(A, "MEMBER", "loops:write"), {
      organization: A.org.slug,
      loopId: loop,
      status: "CLOSED",
    });
    for (const m of [m1, m2]) {
      await until(() => m.latest?.kpis.loopsClosed === 1, "the closed loop on a manager's numbers", 5_000);
    }
    expect(m1.fetches).toBeGreaterThan(before);
    expect(m1.latest!.leaderboard.find((r) => r.userId === agent.id)?.loopsClosed).toBe(1);
  });

  it("changes that can't move the numbers cause no refetch", async () => {
    const before = m1.fetches;
    const owner = A.users.OWNER!;
    const write = (action: string) =>
      withTenantContext({ user: owner, organization: { id: A.org.id } }, (tx) =>
        recordAudit(
          tx,
          { user: owner, organization: A.org },
          {
            action,
            entityType: "organization",
            entityId: A.org.id,
            newValues: { name: action },
          },
        ),
      );
    await write("organization.updated");
    await new Promise((r) => setTimeout(r, 500));
    expect(m1.fetches).toBe(before);
    // The same channel still delivers: an entry about a contact causes one refetch.
    await write("contact.updated");
    await until(() => m1.fetches === before + 1, "a refetch after a contact entry", 5_000);
  });
});
