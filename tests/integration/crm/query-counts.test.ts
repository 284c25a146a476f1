// No N+1: the statements the contacts list, a contact's page, the pipeline and the dashboard send are the same
// in number (and text) with 10 rows as with 1,000 rows — assignees, deals and activity included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContactDetail } from "@/lib/modules/crm/queries/contact-detail";
import { listContacts } from "@/lib/modules/crm/queries/contact-list";
import { getCrmDashboard } from "@/lib/modules/crm/queries/dashboard";
import { getPipeline } from "@/lib/modules/crm/queries/pipeline";
import { getContactTimeline } from "@/lib/modules/crm/queries/timeline";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { ownerDb, suffix } from "../../support/factories";
import { countingDb, crmTenant, ctxOf, seedContacts, seedDeals } from "./support";

let counter: ReturnType<typeof countingDb>;
beforeAll(() => {
  counter = countingDb();
});
afterAll(() => counter.close());

/** A tenant with n contacts, all assigned, with 2 deals each and follow-ups, read by a member. */
async function tenantWith(n: number) {
  const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
  await seedContacts(t.org.id, n, {
    prefix: `Q${suffix()}`,
    assignedTo: t.users.MEMBER!.id,
    followUps: true,
    createdBy: t.users.OWNER!.id,
  });
  await seedDeals(t.org.id, 2, t.users.OWNER!.id);
  const ctx = await ctxOf(t, "MEMBER", "contacts:read");
  const first = await ownerDb().contact.findFirstOrThrow({
    where: { organizationId: t.org.id },
    orderBy: { createdAt: "desc" },
  });
  // Its timeline: logged entries and reminders, as many as the contacts (10 or 1,000 of each).
  await ownerDb().$executeRawUnsafe(
    `insert into public.contact_entries (organization_id, contact_id, kind, body, occurred_at, created_by)
     select $1::uuid, $2::uuid, (array['NOTE','CALL','MEETING','EMAIL'])[1 + g % 4], 'Entry ' || g,
            now() - g * interval '1 hour', $3::uuid
       from generate_series(1, $4::int) g;`,
    t.org.id,
    first.id,
    t.users.MEMBER!.id,
    n,
  );
  await ownerDb().$executeRawUnsafe(
    `insert into public.contact_reminders (organization_id, contact_id, title, due_at, assignee_id, created_by)
     select $1::uuid, $2::uuid, 'Reminder ' || g, now() - g * interval '1 hour', $3::uuid, $3::uuid
       from generate_series(1, $4::int) g;`,
    t.org.id,
    first.id,
    t.users.MEMBER!.id,
    n,
  );
  return { t, ctx, firstId: first.id };
}

/** Statement texts with literal values removed, to compare shapes. */
const shapes = (statements: string[]) => statements.map((s) => s.replace(/\s+/g, " ").trim());

describe("statement counts stay constant as rows grow", () => {
  let small: Awaited<ReturnType<typeof tenantWith>>;
  let large: Awaited<ReturnType<typeof tenantWith>>;
  beforeAll(async () => {
    small = await tenantWith(10);
    large = await tenantWith(1_000);
    // The large contact also gets a long history: activity is one statement however many entries there are.
    const ctx = await ctxOf(large.t, "OWNER", "contacts:bulk");
    for (let i = 0; i < 3; i++) {
      await bulkAssignContacts(ctx, {
        organization: large.ctx.organization.slug,
        assigneeId: i % 2 ? null : large.ctx.user.id,
        selection: { kind: "ids", ids: [large.firstId] },
      });
    }
  });

  it.each<[string, (x: typeof small) => Promise<unknown>]>([
    ["contacts list, page 1", (x: typeof small) => listContacts(x.ctx, {}, { db: counter.db })],
    [
      "contacts list, searched and filtered",
      (x: typeof small) =>
        listContacts(
          x.ctx,
          { q: "contact 0000", status: "LEAD", assignee: "me", sort: "name" },
          { db: counter.db },
        ),
    ],
    // The page reads the contact with its deals, and the first page of its timeline.
    [
      "contact page",
      (x: typeof small) =>
        Promise.all([
          getContactDetail(x.ctx, x.firstId, { db: counter.db }),
          getContactTimeline(x.ctx, x.firstId, {}, { db: counter.db }),
        ]),
    ],
    ["dashboard", (x: typeof small) => getCrmDashboard(x.ctx, { db: counter.db })],
    ["deals pipeline", (x: typeof small) => getPipeline(x.ctx, { db: counter.db })],
  ])("%s", async (_name, run) => {
    const s = await counter.count(() => run(small));
    const l = await counter.count(() => run(large));
    expect(l.statements.length).toBe(s.statements.length);
    // Sorted: the dashboard's transactions run in parallel, so their statements interleave.
    expect(shapes(l.statements).sort()).toEqual(shapes(s.statements).sort());
    // Sanity: the large tenant really returned more data (a full page, deals). A contact's page shows one page of
    // its timeline however long the history, so there the sizes match (the timeline test below checks the page).
    if (_name !== "contact page")
      expect(JSON.stringify(l.result).length).toBeGreaterThan(JSON.stringify(s.result).length);
  });

  it("a page of the timeline is one statement, whatever its kinds, and so is the next page", async () => {
    const first = await counter.count(() =>
      getContactTimeline(large.ctx, large.firstId, {}, { db: counter.db }),
    );
    expect(first.result.items).toHaveLength(20);
    expect([...new Set(first.result.items.map((i) => i.kind))]).toEqual(
      expect.arrayContaining(["entry", "reminder"]),
    );
    // The tenant setup, the page, COMMIT.
    expect(first.statements).toHaveLength(3);
    const next = await counter.count(() =>
      getContactTimeline(large.ctx, large.firstId, { cursor: first.result.nextCursor! }, { db: counter.db }),
    );
    expect(next.statements).toHaveLength(3);
    expect(next.result.items[0]!.key).not.toBe(first.result.items[0]!.key);
  });

  it("the list's row count follows the page size, not the statements", async () => {
    const page = await counter.count(() => listContacts(large.ctx, { size: "100" }, { db: counter.db }));
    expect(page.result.items).toHaveLength(100);
    expect(page.result.items.every((i) => i.assignee?.name && i.dealCount === 2)).toBe(true);
    // The tenant setup (claims, organization and role in one set_config statement), the page, the count, COMMIT.
    expect(page.statements).toHaveLength(4);
  });
});
