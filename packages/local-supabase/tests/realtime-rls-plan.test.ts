// The per-subscriber RLS check (realtime_local.visible_rows) finds each changed row through the table's primary
// key, whatever the key's type (uuid, bigint, composite) and however large the table: counted with the
// transaction's own table statistics (no sequential scan, at most one index probe per key), never timed.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuser } from "./support/realtime";

const ROWS = 20_000;
const ORG = "org-a";
let db: pg.Client;

beforeAll(async () => {
  db = await superuser();
  await db.query(`
    drop schema if exists rt_plan cascade;
    create schema rt_plan;
    grant usage on schema rt_plan to anon, authenticated;
    -- A policy shaped like the app's: a non-leakproof function of the JWT, evaluated per row.
    create function rt_plan.orgs() returns setof text language sql stable
      as $$ select auth.jwt() -> 'app_metadata' ->> 'org' $$;
    create table rt_plan.by_uuid (id uuid primary key default gen_random_uuid(), org text not null);
    create table rt_plan.by_bigint (id bigint primary key, org text not null);
    create table rt_plan.by_pair (a bigint, b text, org text not null, primary key (a, b));
  `);
  for (const t of ["by_uuid", "by_bigint", "by_pair"]) {
    await db.query(`
      alter table rt_plan.${t} enable row level security;
      create policy ${t}_read on rt_plan.${t} for select to authenticated using (org in (select rt_plan.orgs()));
      grant select on rt_plan.${t} to anon, authenticated;
    `);
  }
  // Every tenth row belongs to the subscriber's organization.
  await db.query(
    `insert into rt_plan.by_uuid (org) select case when n % 10 = 0 then $1 else 'org-b' end
       from generate_series(1, $2) n`,
    [ORG, ROWS],
  );
  await db.query(
    `insert into rt_plan.by_bigint (id, org) select n, case when n % 10 = 0 then $1 else 'org-b' end
       from generate_series(1, $2) n`,
    [ORG, ROWS],
  );
  await db.query(
    `insert into rt_plan.by_pair (a, b, org) select n, 'k' || n, case when n % 10 = 0 then $1 else 'org-b' end
       from generate_series(1, $2) n`,
    [ORG, ROWS],
  );
  await db.query("analyze rt_plan.by_uuid, rt_plan.by_bigint, rt_plan.by_pair");
});

afterAll(async () => {
  await db.query("drop schema if exists rt_plan cascade");
  await db.end();
});

const claims = JSON.stringify({
  sub: crypto.randomUUID(),
  role: "authenticated",
  app_metadata: { org: ORG },
});

/** Runs one check in its own transaction and returns the visible key positions and the table's scan counts. */
async function check(table: string, cols: string[], keys: string[][]) {
  const { rows: rel } = await db.query("select $1::regclass::oid as oid", [`rt_plan.${table}`]);
  const input = [{ role: "authenticated", claims, tables: [{ rel: Number(rel[0].oid), cols, keys }] }];
  const scans = () =>
    db.query(
      `select seq_scan::int, seq_tup_read::int, idx_scan::int, idx_tup_fetch::int
         from pg_stat_xact_user_tables where relid = $1::regclass`,
      [`rt_plan.${table}`],
    );
  await db.query("begin");
  try {
    // Counts not yet flushed to the cumulative statistics, this backend's own: the difference is this call's.
    const before = (await scans()).rows[0];
    const { rows } = await db.query<{ k: number; err: string | null }>(
      "select k, err from realtime_local.visible_rows($1, '{}', 0) order by k",
      [JSON.stringify(input)],
    );
    const after = (await scans()).rows[0];
    const stats = Object.fromEntries(Object.keys(after).map((c) => [c, after[c] - before[c]]));
    return { visible: rows, stats };
  } finally {
    await db.query("rollback");
  }
}

describe("the per-subscriber RLS check", () => {
  const cases: Array<[string, string[], () => Promise<string[][]>]> = [
    [
      "by_uuid",
      ["id"],
      async () => {
        // Three of the subscriber's organization, then three of another.
        const { rows } = await db.query(
          `(select id::text from rt_plan.by_uuid where org = $1 limit 3)
           union all (select id::text from rt_plan.by_uuid where org <> $1 limit 3)`,
          [ORG],
        );
        return rows.map((r) => [r.id]);
      },
    ],
    ["by_bigint", ["id"], async () => [["10"], ["20"], ["30"], ["11"], ["12"], ["13"]]],
    [
      "by_pair",
      ["a", "b"],
      async () => [
        ["10", "k10"],
        ["20", "k20"],
        ["30", "k30"],
        ["11", "k11"],
        ["12", "k12"],
        ["10", "k11"],
      ],
    ],
  ];

  for (const [table, cols, keys] of cases) {
    it(`probes ${table}'s primary key once per key, never scanning its ${ROWS} rows`, async () => {
      // The check is a statement prepared once per connection: past its first five runs Postgres may switch to a
      // generic plan, which must probe the key too (with force_generic_plan it does). The last run is counted.
      for (let i = 0; i < 7; i++) await check(table, cols, await keys());
      const { visible, stats } = await check(table, cols, await keys());
      // RLS still decides: only the subscriber's organization's rows, none of another's, none that don't exist.
      expect(visible).toEqual([
        { k: 0, err: null },
        { k: 1, err: null },
        { k: 2, err: null },
      ]);
      expect(stats).toMatchObject({ seq_scan: 0, seq_tup_read: 0 });
      expect(stats!.idx_scan).toBeGreaterThan(0);
      expect(stats!.idx_tup_fetch).toBeLessThanOrEqual(6);
    });
  }

  it("reports a key that does not fit the column's type as a failed check, delivering nothing", async () => {
    const { visible } = await check("by_bigint", ["id"], [["10"], ["not-a-number"]]);
    expect(visible, JSON.stringify(visible)).toHaveLength(1);
    expect(visible[0]!.err).toMatch(/invalid input syntax for type bigint/);
  });
});
