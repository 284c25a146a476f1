// No N+1 on the transactions pages: the loops list, a loop's page, the overview and the documents review queue
// send the same statements (in number and text) with 1 loop of 3 tasks as with 25 loops of 40 tasks, so a
// regression in round trips fails `npm test` (counts, not times). These queries use the app's shared Prisma
// client, so the test swaps in one that records what it sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { listReviewQueue } from "@/lib/modules/documents/queries/review-queue";
import { getLoop, listLoops } from "@/lib/modules/transactions/queries/loops";
import { getTransactionsOverview } from "@/lib/modules/transactions/queries/overview";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { ownerDb, seedTenant } from "../../support/factories";
import { countingDb } from "../crm/support";
import { ctxFor } from "./support/helpers";

const shared = globalThis as unknown as { hearthPrisma?: Db };
let counter: ReturnType<typeof countingDb>;
let previous: Db | undefined;
beforeAll(() => {
  counter = countingDb();
  previous = shared.hearthPrisma;
  shared.hearthPrisma = counter.db;
});
afterAll(async () => {
  shared.hearthPrisma = previous;
  await counter.close();
});

/** An organization with `loops` loops of `tasks` tasks each (besides the template's), read by its owner. */
async function tenantWith(loops: number, tasks: number): Promise<{ ctx: AuthContext; loopId: string }> {
  const t = await seedTenant({ tier: "GROWTH", roles: ["OWNER", "MEMBER"] });
  const ctx = await ctxFor(t.users.OWNER!, t.org.slug, "loops:read");
  const write = await ctxFor(t.users.OWNER!, t.org.slug);
  let loopId = "";
  for (let i = 0; i < loops; i++) {
    loopId = (
      await createLoop(write, {
        organization: t.org.slug,
        propertyAddress: `${i + 1} Count Street`,
        transactionType: "PURCHASE",
      })
    ).id;
  }
  await ownerDb().$executeRawUnsafe(
    `insert into public.transaction_tasks (organization_id, loop_id, title, sort_order, assignee_id, due_date)
     select l.organization_id, l.id, 'Task ' || g, 1000 + g, $2::uuid, current_date + g
       from public.transaction_loops l, generate_series(1, $3::int) g where l.organization_id = $1::uuid`,
    t.org.id,
    t.users.MEMBER!.id,
    tasks,
  );
  return { ctx, loopId };
}

/** Statement texts, whitespace and the length of Prisma's `in ($1, $2, …)` lists aside, to compare shapes. */
const shapes = (statements: string[]) =>
  statements
    .map((s) =>
      s
        .replace(/\s+/g, " ")
        .replace(/\$\d+(,\s*\$\d+)*/g, "$…")
        .trim(),
    )
    .sort();

describe("transactions statement counts stay constant as rows grow", () => {
  let small: Awaited<ReturnType<typeof tenantWith>>;
  let large: Awaited<ReturnType<typeof tenantWith>>;
  beforeAll(async () => {
    small = await tenantWith(1, 3);
    large = await tenantWith(25, 40);
  });

  it.each<[string, number, (x: typeof small) => Promise<unknown>]>([
    // Today's counts (setup, queries, COMMIT), pinned so that any added round trip fails here. Relations load with
    // joins (Prisma relationJoins, decision 0031): the loop page was 15 statements before.
    ["loops list", 5, (x) => listLoops(x.ctx, { status: "ALL", scope: "all" })],
    ["loop page", 10, (x) => getLoop(x.ctx, x.loopId)],
    ["transactions overview", 5, (x) => getTransactionsOverview(x.ctx)],
    ["documents review queue", 3, (x) => listReviewQueue(x.ctx)],
  ])("%s: %i statements", async (_name, exact, run) => {
    const s = await counter.count(() => run(small));
    const l = await counter.count(() => run(large));
    expect(l.statements.length).toBe(s.statements.length);
    expect(shapes(l.statements)).toEqual(shapes(s.statements));
    expect(s.statements).toHaveLength(exact);
  });

  it("the large organization really returns more (loops, tasks)", async () => {
    const s = await listLoops(small.ctx, { status: "ALL", scope: "all" });
    const l = await listLoops(large.ctx, { status: "ALL", scope: "all" });
    expect(l.total).toBe(25);
    expect(s.total).toBe(1);
    const loop = await getLoop(large.ctx, large.loopId);
    expect(JSON.stringify(loop).length).toBeGreaterThan(
      JSON.stringify(await getLoop(small.ctx, small.loopId)).length,
    );
  });
});
