// The migrations (applied to the test stack's fresh database by the Supabase CLI) and prisma/schema.prisma
// describe the same schema, and the comparison notices when only one side changes.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareSchema, introspectPublicSchema, loadDmmf } from "../support/schema-drift";

const schemaText = readFileSync("prisma/schema.prisma", "utf8");
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DIRECT_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

/**
 * Runs DDL in a transaction, introspects inside it, then rolls it back. Other test files write to the same tables
 * meanwhile, and an ALTER TABLE that also locks a referenced table (users, through a foreign key or a trigger) can
 * deadlock with them; Postgres then aborts one side, so that side tries again.
 */
async function withDdl(sql: string, attempts = 5): ReturnType<typeof introspectPublicSchema> {
  await client.query("begin");
  try {
    await client.query(sql);
    return await introspectPublicSchema(client);
  } catch (err) {
    if ((err as { code?: string }).code !== "40P01" || attempts <= 1) throw err;
  } finally {
    await client.query("rollback");
  }
  return withDdl(sql, attempts - 1);
}

describe("prisma/schema.prisma agrees with supabase/migrations", () => {
  it("has no drift on the migrated database", async () => {
    const db = await introspectPublicSchema(client);
    expect(db.tables.length).toBeGreaterThanOrEqual(11);
    expect(compareSchema(loadDmmf(schemaText), db)).toEqual([]);
  });

  it("fails when a column is added to the SQL only", async () => {
    const db = await withDdl("alter table public.contacts add column nickname text");
    expect(compareSchema(loadDmmf(schemaText), db)).toContain(
      "column contacts.nickname exists in the database but not in model Contact",
    );
  });

  it("fails when a field is added to the Prisma schema only", async () => {
    const db = await introspectPublicSchema(client);
    const edited = schemaText.replace(/(model Contact \{\n)/, "$1  nickname String?\n");
    expect(edited).not.toEqual(schemaText);
    expect(compareSchema(loadDmmf(edited), db)).toContain(
      "field Contact.nickname (contacts.nickname) has no column in the database",
    );
  });

  it("fails on a type, nullability, enum or foreign-key change on one side", async () => {
    const dmmf = loadDmmf(schemaText);
    const typeChange = await withDdl("alter table public.contacts alter column phone type varchar(40)");
    expect(compareSchema(dmmf, typeChange)).toContain(
      "field Contact.phone (contacts.phone): Prisma expects type text, the database has varchar",
    );
    const nullability = await withDdl("alter table public.contacts alter column name drop not null");
    expect(compareSchema(dmmf, nullability).join("\n")).toMatch(
      /Contact\.name .* required, the column is nullable/,
    );
    const enumValue = await withDdl("alter type public.deal_stage add value 'ON_HOLD'");
    expect(compareSchema(dmmf, enumValue).join("\n")).toMatch(
      /enum DealStage: Prisma has \[.*\], the database has \[.*ON_HOLD\]/,
    );
    const fk = await withDdl("alter table public.contacts drop constraint contacts_assigned_to_fkey");
    expect(compareSchema(dmmf, fk)).toContain(
      "relation Contact.assignee has no foreign key contacts(assigned_to)->users(id) in the database",
    );
    const onDelete = await withDdl(
      `alter table public.contacts drop constraint contacts_assigned_to_fkey,
         add constraint contacts_assigned_to_fkey foreign key (assigned_to) references public.users(id) on delete cascade`,
    );
    expect(compareSchema(dmmf, onDelete).join("\n")).toMatch(
      /Contact\.assignee: Prisma onDelete SetNull but contacts_assigned_to_fkey/,
    );
    const decimal = loadDmmf(schemaText.replace("@db.Decimal(14, 2)", "@db.Decimal(12, 2)"));
    expect(compareSchema(decimal, await introspectPublicSchema(client)).join("\n")).toMatch(
      /numeric\(12,2\), the database has numeric\(14,2\)/,
    );
  });
});
