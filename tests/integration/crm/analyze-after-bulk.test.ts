// After an import or a large bulk assign commits, the contacts table's planner statistics are fresh at once
// (pg_stat_user_tables.last_analyze moves and pg_class.reltuples counts the new rows) instead of a minute later.
import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/csv";
import { ANALYZE_AFTER_ROWS } from "@/lib/modules/crm/services/analyze";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { importContacts } from "@/lib/modules/crm/services/import";
import { ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, streamOf } from "./support";

async function contactsStats() {
  const [row] = await ownerDb().$queryRaw<Array<{ last_analyze: Date | null; reltuples: number }>>`
    select s.last_analyze, c.reltuples::float8 as reltuples
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.schemaname = 'public' and s.relname = 'contacts'`;
  return row!;
}

const csvOf = (n: number, tag: string) =>
  toCsv([
    ["name", "email"],
    ...Array.from({ length: n }, (_, i) => [`Stat ${tag} ${i}`, `stat-${tag}-${i}@example.test`]),
  ]);

describe("statistics after bulk writes", () => {
  it("an import analyzes the contacts table once it commits; a small one leaves it to autovacuum", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const tag = suffix();

    const beforeSmall = await contactsStats();
    await importContacts(ctx, streamOf(csvOf(3, `${tag}s`)));
    expect((await contactsStats()).last_analyze).toEqual(beforeSmall.last_analyze);

    const n = ANALYZE_AFTER_ROWS + 100;
    const started = new Date();
    const result = await importContacts(ctx, streamOf(csvOf(n, tag)));
    expect(result.imported).toBe(n);
    const after = await contactsStats();
    expect(after.last_analyze).not.toBeNull();
    expect(after.last_analyze!.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    const total = await ownerDb().contact.count();
    expect(after.reltuples).toBeGreaterThanOrEqual(total * 0.9);
  });

  it("a bulk assign of many contacts analyzes the table after it commits", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    await importContacts(ctx, streamOf(csvOf(ANALYZE_AFTER_ROWS, suffix())));
    const started = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 20));
    const res = await bulkAssignContacts(ctx, {
      organization: t.org.slug,
      assigneeId: t.users.MEMBER!.id,
      selection: { kind: "filter", filter: {} },
    });
    expect(res.count).toBe(ANALYZE_AFTER_ROWS);
    expect((await contactsStats()).last_analyze!.getTime()).toBeGreaterThanOrEqual(started.getTime());
  });
});
