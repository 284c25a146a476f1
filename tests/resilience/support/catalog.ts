// A snapshot of what the migrations define, read from the catalogs: every table, column, constraint, index,
// policy, trigger, function, type, view, sequence, grant and publication member in the schemas they touch, plus
// each public table's row count (migrations also insert rows: templates, buckets). Two equal snapshots mean the
// same schema.
import type pg from "pg";

const SCHEMAS = ["public", "auth", "storage", "realtime", "extensions"];

const QUERIES: Record<string, string> = {
  relations: `select n.nspname||'.'||c.relname||' '||c.relkind::text||' rls='||c.relrowsecurity||' force='||c.relforcerowsecurity||' acl='||coalesce(c.relacl::text,'')||' replident='||c.relreplident::text
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = any($1) and c.relkind in ('r','v','m','S','p','f')`,
  columns: `select table_schema||'.'||table_name||'.'||column_name||' '||data_type||' '||udt_name||' null='||is_nullable||' default='||coalesce(column_default,'')||' gen='||coalesce(generation_expression,'')||' identity='||is_identity
              from information_schema.columns where table_schema = any($1)`,
  constraints: `select n.nspname||'.'||cl.relname||' '||c.conname||' '||pg_get_constraintdef(c.oid)
                  from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_namespace n on n.oid = cl.relnamespace
                 where n.nspname = any($1)`,
  indexes: `select schemaname||'.'||indexname||' '||indexdef from pg_indexes where schemaname = any($1)`,
  policies: `select schemaname||'.'||tablename||'.'||policyname||' '||permissive||' '||roles::text||' '||cmd||' '||coalesce(qual,'')||' '||coalesce(with_check,'')
               from pg_policies where schemaname = any($1)`,
  triggers: `select n.nspname||'.'||c.relname||' '||pg_get_triggerdef(t.oid)||' '||t.tgenabled::text
               from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
              where not t.tgisinternal and n.nspname = any($1)`,
  functions: `select n.nspname||'.'||p.proname||'('||pg_get_function_identity_arguments(p.oid)||') '||md5(pg_get_functiondef(p.oid))||' acl='||coalesce(p.proacl::text,'')||' owner='||pg_get_userbyid(p.proowner)
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname = any($1) and p.prokind in ('f','p','w')`,
  types: `select n.nspname||'.'||t.typname||' '||coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid),'')
            from pg_type t join pg_namespace n on n.oid = t.typnamespace
           where n.nspname = any($1) and t.typtype in ('e','d','c') and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')`,
  views: `select schemaname||'.'||viewname||' '||md5(definition) from pg_views where schemaname = any($1)`,
  publication: `select pubname||' '||schemaname||'.'||tablename from pg_publication_tables`,
  roles: `select rolname||' '||rolsuper||rolinherit||rolcreaterole||rolcanlogin||rolbypassrls from pg_roles where rolname !~ '^pg_'`,
  memberships: `select pg_get_userbyid(roleid)||'>'||pg_get_userbyid(member) from pg_auth_members`,
  schemaAcl: `select nspname||' '||coalesce(nspacl::text,'') from pg_namespace where nspname = any($1)`,
  defaultAcl: `select coalesce(pg_get_userbyid(defaclrole),'')||' '||defaclobjtype::text||' '||defaclacl::text from pg_default_acl`,
};

export type CatalogSnapshot = Record<string, string[]>;

export async function catalogSnapshot(client: pg.Client | pg.Pool): Promise<CatalogSnapshot> {
  const snapshot: CatalogSnapshot = {};
  for (const [name, sql] of Object.entries(QUERIES)) {
    const params = sql.includes("$1") ? [SCHEMAS] : [];
    const { rows } = await client.query<{ [k: string]: string }>(sql, params);
    snapshot[name] = rows.map((r) => Object.values(r)[0]!).sort();
  }
  const { rows: tables } = await client.query<{ name: string }>(
    `select quote_ident(schemaname)||'.'||quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by 1`,
  );
  snapshot.rowCounts = [];
  for (const t of tables) {
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${t.name}`);
    snapshot.rowCounts.push(`${t.name} ${rows[0]!.n}`);
  }
  return snapshot;
}
