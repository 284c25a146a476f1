// The Postgres bootstrap gives the roles what hosted Supabase gives them, so migrations written for hosted Supabase
// run unchanged: here, the search paths (supabase/postgres init-scripts 00000000000003-post-setup.sql, -auth-schema,
// -storage-schema), with pgcrypto and uuid-ossp in the `extensions` schema.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let db: pg.Client;
beforeAll(async () => {
  // A new session: a role's search_path applies when it logs in.
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(() => db.end());

describe("the roles' search_path", () => {
  it("is Supabase's for postgres, so extension functions resolve unqualified as in hosted migrations", async () => {
    await db.query("begin");
    try {
      await db.query(`
        create table public.bootstrap_search_path (
          id uuid primary key default uuid_generate_v4(),
          secret text not null default crypt('correct horse', gen_salt('bf', 4)),
          token text not null default encode(gen_random_bytes(8), 'hex')
        )`);
      const { rows } = await db.query(
        `insert into public.bootstrap_search_path default values
         returning id, secret = crypt('correct horse', secret) as matches, length(token) as token_length`,
      );
      expect(rows[0]).toEqual({ id: expect.any(String), matches: true, token_length: 16 });
    } finally {
      await db.query("rollback");
    }
    expect((await db.query("show search_path")).rows[0].search_path).toBe('"$user", public, extensions');
  });

  it("is set for the roles hosted Supabase sets it for, and no others", async () => {
    const { rows } = await db.query<{ role: string; setting: string }>(
      `select r.rolname as role, c.setting
         from pg_db_role_setting s
         join pg_roles r on r.oid = s.setrole
         cross join lateral unnest(s.setconfig) as c(setting)
        where s.setdatabase = 0 and c.setting like 'search_path=%'
        order by r.rolname`,
    );
    expect(rows).toEqual([
      { role: "postgres", setting: 'search_path="$user", public, extensions' },
      { role: "supabase_admin", setting: 'search_path="$user", public, auth, extensions' },
      { role: "supabase_auth_admin", setting: "search_path=auth" },
      { role: "supabase_storage_admin", setting: "search_path=storage" },
    ]);
  });
});
