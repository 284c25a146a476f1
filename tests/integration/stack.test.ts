// The stack the tests run on is what `npm run stack` starts: every table of the data model, tenant tables
// carrying organization_id, migrations recorded by the Supabase CLI.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TENANT_TABLES = [
  "subscriptions",
  "organization_members",
  "invitations",
  "contacts",
  "deals",
  "transaction_loops",
  "transaction_tasks",
  "transaction_documents",
  "transaction_audit_logs",
];
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

describe("local stack database", () => {
  it("has every table of the data model", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    const names = rows.map((r) => r.table_name);
    for (const t of ["users", "organizations", ...TENANT_TABLES]) expect(names).toContain(t);
  });

  it("gives every tenant table a NOT NULL organization_id referencing organizations, leading an index", async () => {
    for (const table of TENANT_TABLES) {
      const col = await client.query(
        `select is_nullable, data_type from information_schema.columns
          where table_schema = 'public' and table_name = $1 and column_name = 'organization_id'`,
        [table],
      );
      expect(col.rows, table).toEqual([{ is_nullable: "NO", data_type: "uuid" }]);
      const idx = await client.query(
        `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indrelid
           join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
          where c.relname = $1 and c.relnamespace = 'public'::regnamespace and a.attname = 'organization_id'`,
        [table],
      );
      expect(idx.rows[0].n, `${table} has an index leading with organization_id`).toBeGreaterThan(0);
    }
  });

  it("records applied migrations the way the Supabase CLI does", async () => {
    const { rows } = await client.query(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].version).toMatch(/^\d{14}$/);
  });

  it("keeps tenant rows consistent: a deal cannot point at another organization's contact", async () => {
    await client.query("begin");
    try {
      const a = await client.query(
        "insert into organizations (name, slug) values ('A', 'drift-a-' || substr(md5(random()::text), 1, 8)) returning id",
      );
      const b = await client.query(
        "insert into organizations (name, slug) values ('B', 'drift-b-' || substr(md5(random()::text), 1, 8)) returning id",
      );
      const c = await client.query(
        "insert into contacts (organization_id, name) values ($1, 'Ann') returning id",
        [a.rows[0].id],
      );
      await expect(
        client.query("insert into deals (organization_id, contact_id, title) values ($1, $2, 'x')", [
          b.rows[0].id,
          c.rows[0].id,
        ]),
      ).rejects.toThrow(/deals_contact_fkey/);
    } finally {
      await client.query("rollback");
    }
  });
});

describe("npm run stack failure messages", () => {
  it("names a taken port and the variable to change, without a stack trace", async () => {
    const { startStackProcess, freePort } = await import("../support/stack-process");
    const net = await import("node:net");
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const err = await startStackProcess({ dbPort: port, timeoutMs: 60_000 }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(err).toContain(`Port ${port} (database) is already in use`);
      expect(err).toContain("STACK_DB_PORT");
      expect(err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      blocker.close();
    }
  });

  it("refuses a data directory that isn't a Postgres 17 cluster with a clear message", async () => {
    const { startStackProcess } = await import("../support/stack-process");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-broken-"));
    fs.mkdirSync(path.join(dir, "data", "postgres"), { recursive: true });
    fs.writeFileSync(path.join(dir, "data", "postgres", "notes.txt"), "not a cluster");
    try {
      const err = await startStackProcess({ stackDir: dir, timeoutMs: 60_000 }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(err).toContain("is not a PostgreSQL data directory");
      expect(err).toContain("STACK_DIR");
      expect(err).not.toMatch(/\n\s+at .+:\d+:\d+/);
      fs.writeFileSync(path.join(dir, "data", "postgres", "PG_VERSION"), "15\n");
      const old = await startStackProcess({ stackDir: dir, timeoutMs: 60_000 }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(old).toContain("holds a PostgreSQL 15 cluster");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
