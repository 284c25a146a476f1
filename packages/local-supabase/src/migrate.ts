// Applies a project's supabase/migrations with the real Supabase CLI (`supabase db push`), which records what it
// applied in supabase_migrations.schema_migrations. Prisma never migrates (its engine can't be downloaded here).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The CLI this package depends on (its npm package's `bin`), wherever npm placed it. */
function supabaseCli(): string {
  const manifest = createRequire(import.meta.url).resolve("supabase/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: { supabase: string } };
  return path.join(path.dirname(manifest), bin.supabase);
}

export async function applyMigrations(databaseUrl: string, projectRoot: string): Promise<string> {
  const bin = supabaseCli();
  // --include-all: migrations merged from parallel branches may carry timestamps older than the newest applied one.
  const args = ["db", "push", `--remote=${databaseUrl}`, "--yes", "--include-all", "--workdir", projectRoot];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: projectRoot,
      env: {
        ...process.env,
        PGSSLMODE: process.env.PGSSLMODE ?? "disable",
        SUPABASE_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (err) => reject(new Error(`Could not run the Supabase CLI (${bin}): ${err.message}`)));
    child.on("close", (code) => {
      const cleaned = out
        .split("\n")
        .filter((l) => l.trim() && !/--db-url is deprecated|without TLS|PGSSLMODE/.test(l))
        .join("\n");
      if (code === 0) resolve(cleaned);
      else reject(new Error(`supabase db push failed (exit ${code}):\n${cleaned}`));
    });
  });
}
