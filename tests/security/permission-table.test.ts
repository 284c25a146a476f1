// One permission table: lib/auth/permissions.ts is what the app evaluates, and the database holds the same rows
// (private.permissions, org_role_permissions, tier_features, tier_seats, global_role_modules) for its policies.
// This test fails when either side changes alone, and its message is the SQL that makes the database match.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  featureOf,
  GLOBAL_ROLE_MODULES,
  GRANTABLE_PERMISSIONS,
  ORG_ROLE_PERMISSIONS,
  ORG_ROLE_RANK,
  PERMISSIONS,
  TIER_FEATURES,
  TIER_SEATS,
} from "@/lib/auth/permissions";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

const q = (v: string | number | boolean | null) =>
  v === null ? "null" : typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : String(v);

/** Compares row sets; on a difference, fails with the SQL that turns the database's rows into the app's. */
async function expectSame(
  table: string,
  columns: string[],
  appRows: Array<Array<string | number | boolean | null>>,
) {
  const { rows } = await client.query(
    `select ${columns.map((c) => `${c}::text as ${c}`).join(", ")} from private.${table}`,
  );
  const key = (r: Array<unknown>) => JSON.stringify(r.map((v) => (v === null ? null : String(v))));
  const db = new Set(rows.map((r) => key(columns.map((c) => r[c]))));
  const app = new Set(appRows.map(key));
  const missing = appRows.filter((r) => !db.has(key(r)));
  const extra = rows.map((r) => columns.map((c) => r[c] as string | null)).filter((r) => !app.has(key(r)));
  const sql = [
    ...extra.map(
      (r) =>
        `delete from private.${table} where ${columns.map((c, i) => `${c}::text = ${q(r[i]!)}`).join(" and ")};`,
    ),
    ...missing.map(
      (r) => `insert into private.${table} (${columns.join(", ")}) values (${r.map(q).join(", ")});`,
    ),
  ];
  expect(
    sql,
    `private.${table} differs from lib/auth/permissions.ts; add a migration with:\n${sql.join("\n")}`,
  ).toEqual([]);
}

describe("the permission table", () => {
  it("lists the same permissions, with their module, plan feature and whether they write", async () => {
    await expectSame(
      "permissions",
      ["permission", "module", "feature", "is_write"],
      ALL_PERMISSIONS.map((p) => [p, PERMISSIONS[p].module, featureOf(p), PERMISSIONS[p].write]),
    );
  });

  it("gives each organization role the same permissions", async () => {
    await expectSame(
      "org_role_permissions",
      ["role", "permission"],
      Object.entries(ORG_ROLE_PERMISSIONS).flatMap(([role, perms]) => perms.map((p) => [role, p])),
    );
  });

  it("gives each plan the same features and seats", async () => {
    await expectSame(
      "tier_features",
      ["tier", "feature"],
      Object.entries(TIER_FEATURES).flatMap(([tier, features]) => features.map((f) => [tier, f])),
    );
    await expectSame(
      "tier_seats",
      ["tier", "seats"],
      Object.entries(TIER_SEATS).map(([tier, seats]) => [tier, seats]),
    );
  });

  it("gives each global role the same module access", async () => {
    await expectSame(
      "global_role_modules",
      ["global_role", "module", "access"],
      Object.entries(GLOBAL_ROLE_MODULES).flatMap(([role, modules]) =>
        Object.entries(modules).map(([module, access]) => [role, module, access]),
      ),
    );
  });

  it("lets memberships hold the same grantable permissions", async () => {
    const { rows } = await client.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'organization_members_grants_check'`,
    );
    const granted = [...rows[0]!.def.matchAll(/'([a-z_]+:[a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(granted).toEqual([...GRANTABLE_PERMISSIONS].sort());
  });

  it("ranks organization roles the same way", async () => {
    const { rows } = await client.query<{ role: string; rank: number }>(
      `select r::text as role, private.org_role_rank(r) as rank from unnest(enum_range(null::public.org_role)) r`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.role, r.rank]))).toEqual(ORG_ROLE_RANK);
  });

  it("notices a change on one side only", async () => {
    await client.query("begin");
    try {
      await client.query(
        "delete from private.org_role_permissions where role = 'MEMBER' and permission = 'contacts:write'",
      );
      await expect(
        expectSame(
          "org_role_permissions",
          ["role", "permission"],
          Object.entries(ORG_ROLE_PERMISSIONS).flatMap(([role, perms]) => perms.map((p) => [role, p])),
        ),
      ).rejects.toThrow(
        "insert into private.org_role_permissions (role, permission) values ('MEMBER', 'contacts:write');",
      );
    } finally {
      await client.query("rollback");
    }
  });
});
