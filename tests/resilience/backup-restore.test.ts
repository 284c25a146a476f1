// Breaks: the whole stack — a backup of the running database and Storage (npm run db:backup) restored into a fresh,
// empty stack (npm run db:restore). "Nothing lost" means every row of the archive is back, every stored object is
// back byte for byte, every document decrypts to the bytes that were uploaded (with the keyring kept outside the
// archive), every audit chain verifies, and a second restore into the now non-empty stack is refused.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, createPrismaClient } from "@/lib/database/client";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
import { openDecryptedDocument } from "@/lib/modules/documents/store";
import { parseKeyring } from "@/lib/storage/keyring";
import { createClient } from "@supabase/supabase-js";
import { ownerDb, seedTenant } from "../support/factories";
import { projectRoot, startStackProcess, type StackProcess } from "../support/stack-process";
import { newLoop, upload } from "../integration/transactions/support/documents";
import { pdfBytes } from "../../scripts/lib/sample-files";
import type { Manifest } from "../../scripts/lib/backup";

const tsx = path.join(projectRoot, "node_modules", ".bin", "tsx");

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  return spawnSync(tsx, ["--conditions=react-server", path.join(projectRoot, "scripts", script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, STACK_DIR: "/nonexistent", ...env },
    encoding: "utf8",
  });
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const sourceEnv = () => ({ ...process.env }) as Record<string, string>;

let target: StackProcess;
let dir: string;

beforeAll(async () => {
  target = await startStackProcess();
  dir = mkdtempSync(path.join(os.tmpdir(), "hearth-backup-test-"));
});
afterAll(async () => {
  await target?.stop();
  target?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores every row, object, document and audit chain into a fresh stack, and refuses a non-empty one", async () => {
    // Source: the tests' stack, with an organization of ours holding encrypted documents and audit entries.
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);
    const uploaded = new Map<string, string>();
    for (const name of ["offer.pdf", "inspection.pdf"]) {
      const bytes = pdfBytes(`${name} ${Math.random()}`);
      const { res, json } = await upload(agent, t.org.slug, loopId, bytes, { name });
      expect(res.status).toBe(201);
      uploaded.set(json.document!.id, sha256(bytes));
    }

    // More rows than a backup page (1,000), so the paging is exercised: every one must come back, once.
    await ownerDb().contact.createMany({
      data: Array.from({ length: 2_500 }, (_, i) => ({
        organizationId: t.org.id,
        name: `Paged contact ${i}`,
      })),
    });

    const archive = path.join(dir, "backup.tar.gz");
    const backup = run("db-backup.ts", ["--out", archive], sourceEnv());
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    const manifest = JSON.parse(
      spawnSync("tar", ["-xzOf", archive, "./manifest.json"], { encoding: "utf8" }).stdout,
    ) as Manifest;
    expect(JSON.stringify(manifest)).not.toContain(
      parseKeyring(process.env.DOCUMENT_ENCRYPTION_KEYS!).keys.get(1)!.toString("base64"),
    );

    // Restore into the fresh stack, with the source's keyring (kept outside the archive).
    const targetEnv = { ...target.env, DOCUMENT_ENCRYPTION_KEYS: process.env.DOCUMENT_ENCRYPTION_KEYS };
    const restore = run("db-restore.ts", [archive], targetEnv);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);

    const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
    await client.connect();
    const pool = createPool({
      connectionString: target.env.DATABASE_URL!,
      max: 2,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 5_000,
    });
    const targetDb = createPrismaClient(pool);
    try {
      // Every row: the restored tables hold exactly the archive's rows.
      const extracted = mkdtempSync(path.join(dir, "x-"));
      spawnSync("tar", ["-xzf", archive, "-C", extracted]);
      for (const table of manifest.tables) {
        const expected = readFileSync(path.join(extracted, table.file), "utf8")
          .split("\n")
          .filter(Boolean)
          .sort();
        const [schema, name] = table.name.split(".");
        const { rows } = await client.query<{ row: string }>(
          `select row_to_json(t)::text as row from ${pg.escapeIdentifier(schema!)}.${pg.escapeIdentifier(name!)} t`,
        );
        expect(rows.map((r) => r.row).sort(), table.name).toEqual(expected);
      }
      expect(
        manifest.tables.find((x) => x.name === "public.transaction_documents")!.rows,
      ).toBeGreaterThanOrEqual(2);
      // …and the archive holds every row of the source: our organization's contacts, each once.
      const contactIds = async (db: typeof targetDb) =>
        (
          await db.contact.findMany({
            where: { organizationId: t.org.id },
            select: { id: true },
            orderBy: { id: "asc" },
          })
        ).map((r) => r.id);
      const restoredContacts = await contactIds(targetDb);
      expect(restoredContacts).toHaveLength(2_500);
      expect(restoredContacts).toEqual(await contactIds(ownerDb()));

      // Every object, byte for byte.
      const storage = createClient(
        target.env.NEXT_PUBLIC_SUPABASE_URL!,
        target.env.SUPABASE_SERVICE_ROLE_KEY!,
        {
          auth: { persistSession: false },
        },
      ).storage;
      for (const o of manifest.objects) {
        const { data, error } = await storage.from(o.bucket).download(o.name);
        expect(error, o.name).toBeNull();
        expect(sha256(new Uint8Array(await data!.arrayBuffer())), o.name).toBe(o.sha256);
      }

      // Our documents decrypt, from the restored stack, to the bytes uploaded (the stream verifies sha256 and size).
      const saved = { url: process.env.NEXT_PUBLIC_SUPABASE_URL, key: process.env.SUPABASE_SERVICE_ROLE_KEY };
      process.env.NEXT_PUBLIC_SUPABASE_URL = target.env.NEXT_PUBLIC_SUPABASE_URL;
      process.env.SUPABASE_SERVICE_ROLE_KEY = target.env.SUPABASE_SERVICE_ROLE_KEY;
      try {
        for (const [id, hash] of uploaded) {
          const doc = await targetDb.transactionDocument.findUniqueOrThrow({ where: { id } });
          const stream = await openDecryptedDocument({ ...doc, sizeBytes: Number(doc.sizeBytes) });
          const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
          expect(sha256(bytes)).toBe(hash);
        }
      } finally {
        process.env.NEXT_PUBLIC_SUPABASE_URL = saved.url;
        process.env.SUPABASE_SERVICE_ROLE_KEY = saved.key;
      }

      // Our organization's audit chain verifies on the restored stack, as it did on the source.
      const before = await verifyAuditChains(ownerDb(), { organizationId: t.org.id });
      const after = await verifyAuditChains(targetDb, { organizationId: t.org.id });
      expect(before.entries).toBeGreaterThan(0);
      expect(after).toEqual(before);
      expect(after.problems).toEqual([]);
    } finally {
      await client.end();
      await targetDb.$disconnect();
      await pool.end();
    }

    // A second restore into the now non-empty stack is refused, with a message that says why.
    const again = run("db-restore.ts", [archive], targetEnv);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });
});
