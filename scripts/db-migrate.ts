// `npm run db:migrate`: applies supabase/migrations to the database DIRECT_URL points to, with the
// Supabase CLI (`supabase db push`). Against hosted Supabase use the direct connection (port 5432).
import { applyMigrations } from "@hearth/local-supabase/migrate";
import { loadStackEnv, projectRoot, requireEnv } from "./lib/stack-env";

loadStackEnv();
const url = requireEnv(
  "DIRECT_URL",
  "Start the local stack (`npm run stack`) or set DIRECT_URL to a direct (non-pooled) connection.",
);
try {
  console.info(await applyMigrations(url, projectRoot));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
