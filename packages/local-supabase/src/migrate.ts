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

/**
 * Runs the Supabase CLI against a database (`--remote=<url>` is the caller's), without telemetry and without TLS
 * for local Postgres unless PGSSLMODE says otherwise. Resolves with stdout; rejects with what it printed.
 */
export function runSupabaseCli(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  const bin = supabaseCli();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd,
      env: {
        ...process.env,
        PGSSLMODE: process.env.PGSSLMODE ?? "disable",
        SUPABASE_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (err) => reject(new Error(`Could not run the Supabase CLI (${bin}): ${err.message}`)));
    child.on("close", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(Object.assign(new Error(`supabase ${args[0]} failed (exit ${code})`), { stdout, stderr })),
    );
  });
}

const quiet = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim() && !/--db-url is deprecated|without TLS|PGSSLMODE/.test(l))
    .join("\n");

export async function applyMigrations(databaseUrl: string, projectRoot: string): Promise<string> {
  // --include-all: migrations merged from parallel branches may carry timestamps older than the newest applied one.
  const args = ["db", "push", `--remote=${databaseUrl}`, "--yes", "--include-all", "--workdir", projectRoot];
  try {
    const { stdout, stderr } = await runSupabaseCli(args, projectRoot);
    return quiet(stdout + stderr);
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    if (e.stdout === undefined) throw err;
    throw new Error(`supabase db push failed:\n${quiet((e.stdout ?? "") + (e.stderr ?? ""))}`);
  }
}
