// The security checker passes on the migrated database and catches each kind of mistake it looks for.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRlsChecks } from "../support/rls-checker";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

async function checksWith(ddl: string) {
  await client.query("begin");
  try {
    await client.query(ddl);
    return await runRlsChecks(client);
  } finally {
    await client.query("rollback");
  }
}

describe("RLS checker", () => {
  it("finds nothing wrong in the migrations", async () => {
    expect(await runRlsChecks(client)).toEqual([]);
  });

  it("reports a public table without RLS", async () => {
    expect(await checksWith("create table public.leaky (id int)")).toContain(
      "public table without row level security: leaky",
    );
  });

  it("reports a policy using (true) for authenticated", async () => {
    const problems = await checksWith(
      "create policy wide_open on public.contacts for select to authenticated using (true)",
    );
    expect(problems).toContain(
      "policy that allows every row to authenticated/anon: public.contacts:wide_open",
    );
  });

  it("reports a table the browser's role can write, also through a column grant or a new table's grant", async () => {
    expect(await checksWith("grant update (name) on public.contacts to authenticated")).toContain(
      "public table the browser's role can write: contacts:UPDATE",
    );
    expect(
      await checksWith("create table public.notes (id int); grant insert on public.notes to authenticated"),
    ).toContain("public table the browser's role can write: notes:INSERT");
  });

  it("reports a SECURITY DEFINER function without a fixed search_path", async () => {
    const problems = await checksWith(
      "create function public.sneaky() returns int language sql security definer as 'select 1'",
    );
    expect(problems).toContain("SECURITY DEFINER function with a mutable search_path: sneaky()");
  });

  it("reports a view without security_invoker", async () => {
    const problems = await checksWith("create view public.contact_names as select name from public.contacts");
    expect(problems).toContain("view without security_invoker: contact_names");
  });
});
