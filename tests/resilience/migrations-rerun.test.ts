// Breaks: the assumption that a migration runs exactly once. A deploy retried after a timeout, a history table
// restored from a backup without the schema, or an operator pasting a file into the SQL editor again re-applies
// migrations that already ran. "Nothing lost" means every file of supabase/migrations applied a second time to a
// migrated database succeeds and leaves the schema (and the rows migrations insert) exactly as it was.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, startStackProcess, type StackProcess } from "../support/stack-process";
import { catalogSnapshot } from "./support/catalog";

const MIGRATIONS = path.join(projectRoot, "supabase", "migrations");

let stack: StackProcess;
let client: pg.Client;

beforeAll(async () => {
  stack = await startStackProcess();
  client = new pg.Client({ connectionString: stack.env.DIRECT_URL ?? stack.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await stack?.stop();
  stack?.remove();
});

describe("migrations applied a second time", () => {
  it("succeed and change nothing", async () => {
    const before = await catalogSnapshot(client);
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const file of files) {
      const sql = readFileSync(path.join(MIGRATIONS, file), "utf8");
      // Each file in its own transaction, as `supabase db push` applies it.
      try {
        await client.query(`begin;\n${sql}\n;commit;`);
      } catch (err) {
        await client.query("rollback");
        failures.push(`${file}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await catalogSnapshot(client)).toEqual(before);
  });
});
