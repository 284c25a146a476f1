// The security checker run against the migrated database (the SQL is the checker; this file runs it):
// public tables without RLS, policies that allow everything to authenticated/anon, tables the browser's role
// can write, SECURITY DEFINER functions without a fixed search_path, and views that don't run with the caller's
// rights.
import type pg from "pg";

export const RLS_CHECKS: Array<{ name: string; sql: string }> = [
  {
    name: "public table without row level security",
    sql: `select c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`,
  },
  {
    name: "policy that allows every row to authenticated/anon",
    sql: `select schemaname || '.' || tablename || ':' || policyname as object from pg_policies
           where schemaname in ('public', 'storage', 'private')
             and roles && array['authenticated', 'anon', 'public']::name[]
             and (btrim(coalesce(qual, ''), '() ') = 'true' or btrim(coalesce(with_check, ''), '() ') = 'true')`,
  },
  {
    // The browser's role reads; only the app's role writes (supabase/migrations/…_authorization_model.sql).
    name: "public table the browser's role can write",
    sql: `select distinct table_name || ':' || privilege_type as object from (
            select table_name, privilege_type, grantee from information_schema.role_table_grants
             where table_schema = 'public'
            union all
            select table_name, privilege_type, grantee from information_schema.column_privileges
             where table_schema = 'public') g
           where grantee in ('authenticated', 'anon', 'PUBLIC') and privilege_type <> 'SELECT'`,
  },
  {
    name: "SECURITY DEFINER function with a mutable search_path",
    sql: `select p.oid::regprocedure::text as object from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where p.prosecdef
             and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
             and not exists (select 1 from unnest(coalesce(p.proconfig, '{}'::text[])) cfg where cfg like 'search_path=%')`,
  },
  {
    name: "view without security_invoker",
    sql: `select c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'v'
             and not coalesce(c.reloptions @> array['security_invoker=true'], false)
             and not coalesce(c.reloptions @> array['security_invoker=on'], false)`,
  },
];

export async function runRlsChecks(client: pg.ClientBase): Promise<string[]> {
  const problems: string[] = [];
  for (const check of RLS_CHECKS) {
    const { rows } = await client.query<{ object: string }>(check.sql);
    for (const r of rows) problems.push(`${check.name}: ${r.object}`);
  }
  return problems;
}
