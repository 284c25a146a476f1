// The manager's dashboard's numbers are one statement, whatever the data size: the same statements (in number
// and text) for a team with a handful of deals, loops and contacts as for one with thousands. If a change adds a
// statement — a second query, a query per agent — this fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTeamPerformance } from "@/lib/modules/dashboard";
import { ownerDb } from "../../support/factories";
import { countingDb, ctxOf } from "../crm/support";
import { insertLoop, periodStarts, seedScenario } from "./support";

let counter: ReturnType<typeof countingDb>;
beforeAll(() => {
  counter = countingDb();
});
afterAll(() => counter.close());

/** The scenario, and for the large one thousands of contacts, deals and closed loops more. */
async function tenantWith(extra: number) {
  const s = await seedScenario();
  const orgId = s.t.org.id;
  if (extra > 0) {
    await ownerDb().$executeRawUnsafe(
      `insert into public.contacts (organization_id, name, status, source)
       select $1::uuid, 'Bulk ' || g, (array['LEAD','CLIENT']::public.contact_status[])[1 + g % 2], 'Source ' || (g % 30)
         from generate_series(1, $2::int) g`,
      orgId,
      extra,
    );
    await ownerDb().$executeRawUnsafe(
      `insert into public.deals (organization_id, contact_id, title, value, stage, assigned_to)
       select $1::uuid, $2::uuid, 'Bulk deal ' || g, g, (enum_range(null::public.deal_stage))[1 + g % 7], $3::uuid
         from generate_series(1, $4::int) g`,
      orgId,
      s.contactId,
      s.t.users.MEMBER!.id,
      extra,
    );
    for (let i = 0; i < 20; i++) {
      await insertLoop(orgId, {
        address: `${i} Bulk St`,
        status: "CLOSED",
        closing: periodStarts().month,
        agents: [["LISTING_AGENT", s.t.users.ADMIN!.id]],
      });
    }
  }
  return ctxOf(s.t, "OWNER", "dashboard:view");
}

const shapes = (statements: string[]) => statements.map((s) => s.replace(/\s+/g, " ").trim());

describe("statement count of the manager's dashboard numbers", () => {
  it("is one query in one tenant transaction, however much data there is", async () => {
    const small = await tenantWith(0);
    const large = await tenantWith(2_000);
    for (const period of ["month", "year"] as const) {
      const s = await counter.count(() => getTeamPerformance(small, period, { db: counter.db }));
      const l = await counter.count(() => getTeamPerformance(large, period, { db: counter.db }));
      // The tenant setup (one set_config statement), the query, COMMIT.
      expect(s.statements).toHaveLength(3);
      expect(shapes(l.statements)).toEqual(shapes(s.statements));
      // Sanity: the large team really has more to show.
      expect(l.result.kpis.contacts).toBeGreaterThan(s.result.kpis.contacts);
      expect(l.result.kpis.loopsClosed).toBe(21);
    }
  });
});
