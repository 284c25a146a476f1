// Master key rotation: re-wrapping moves every data key to the newest master version without touching the
// stored ciphertext, is resumable after an interruption and idempotent, and after removing the old master
// key every document still decrypts. Uses its own key versions (7, 8) so other test files' documents
// (version 1) are left alone — they show up as "failed" here and are never modified.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/storage/keyring";
import { rotateDocumentKeys } from "@/lib/modules/documents";
import { ownerDb, seedTenant } from "../../support/factories";
import { pdfBytes } from "../../../scripts/lib/sample-files";
import { download, newLoop, rawObject, readBody, upload } from "./support/documents";

const original = process.env.DOCUMENT_ENCRYPTION_KEYS;
afterAll(() => {
  process.env.DOCUMENT_ENCRYPTION_KEYS = original;
});

describe("keys:rotate", () => {
  it(
    "re-wraps under the newest key; after removing the old key every document still decrypts",
    { timeout: 60_000 },
    async () => {
      const k7 = randomBytes(32).toString("base64");
      const k8 = randomBytes(32).toString("base64");
      process.env.DOCUMENT_ENCRYPTION_KEYS = `7:${k7}`;

      const docs: Array<{ id: string; org: string; user: Parameters<typeof download>[0]; bytes: Buffer }> =
        [];
      for (const n of [1, 2]) {
        const t = await seedTenant({ roles: ["OWNER"] });
        const user = t.users.OWNER!;
        const loopId = await newLoop(user, t.org.slug);
        for (const bytes of [pdfBytes(`org ${n} small`), pdfBytes(`org ${n} ${"z".repeat(50_000)}`)]) {
          const { json } = await upload(user, t.org.slug, loopId, bytes, {}, { chunkSize: 4096 });
          docs.push({ id: json.document!.id, org: t.org.slug, user, bytes });
        }
      }
      const ids = docs.map((d) => d.id);
      const db = ownerDb();
      const rows = () =>
        db.transactionDocument.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
      const before = await rows();
      expect(before.every((r) => r.keyVersion === 7)).toBe(true);
      const objectsBefore = await Promise.all(before.map((r) => rawObject(r.storagePath)));

      const ring = parseKeyring(`7:${k7},8:${k8}`);
      process.env.DOCUMENT_ENCRYPTION_KEYS = `7:${k7},8:${k8}`;
      // Interrupted after its first batch (of one row)…
      await expect(
        rotateDocumentKeys({
          db,
          ring,
          batchSize: 1,
          onBatch: () => {
            throw new Error("interrupted");
          },
        }),
      ).rejects.toThrow("interrupted");
      expect((await rows()).filter((r) => r.keyVersion === 8).length).toBeLessThanOrEqual(1);
      // …and run again: it finishes the rest.
      const batches: number[] = [];
      const result = await rotateDocumentKeys({
        db,
        ring,
        batchSize: 2,
        onBatch: (p) => batches.push(p.rotated),
      });
      expect(result.failed.some((f) => ids.includes(f.id))).toBe(false);
      expect(batches.length).toBeGreaterThan(0);

      const after = await rows();
      expect(after.every((r) => r.keyVersion === 8)).toBe(true);
      after.forEach((r, i) =>
        expect(Buffer.from(r.wrappedKey!).equals(Buffer.from(before[i]!.wrappedKey!))).toBe(false),
      );
      // The ciphertext was not re-encrypted.
      const objectsAfter = await Promise.all(after.map((r) => rawObject(r.storagePath)));
      objectsAfter.forEach((o, i) => expect(o!.equals(objectsBefore[i]!)).toBe(true));

      // Idempotent: nothing of ours left to do.
      const again = await rotateDocumentKeys({ db, ring, batchSize: 2 });
      expect(again.failed.some((f) => ids.includes(f.id))).toBe(false);
      expect((await rows()).map((r) => Buffer.from(r.wrappedKey!).toString("hex"))).toEqual(
        after.map((r) => Buffer.from(r.wrappedKey!).toString("hex")),
      );

      // Old master key removed: every document still decrypts to its original bytes.
      process.env.DOCUMENT_ENCRYPTION_KEYS = `8:${k8}`;
      for (const d of docs) {
        const res = await download(d.user, d.org, d.id);
        expect(res.status).toBe(200);
        expect((await readBody(res)).bytes.equals(d.bytes)).toBe(true);
      }
    },
  );

  it("reports documents whose master key is missing and leaves them untouched", async () => {
    const k3 = randomBytes(32).toString("base64");
    process.env.DOCUMENT_ENCRYPTION_KEYS = `3:${k3}`;
    const t = await seedTenant({ roles: ["OWNER"] });
    const loopId = await newLoop(t.users.OWNER!, t.org.slug);
    const { json } = await upload(t.users.OWNER!, t.org.slug, loopId, pdfBytes("orphaned key"));
    const id = json.document!.id;
    const before = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
    const result = await rotateDocumentKeys({
      db: ownerDb(),
      ring: parseKeyring(`9:${randomBytes(32).toString("base64")}`),
    });
    expect(result.failed).toEqual(
      expect.arrayContaining([{ id, keyVersion: 3, reason: expect.stringContaining("not in the keyring") }]),
    );
    const after = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
    expect(after.keyVersion).toBe(3);
    expect(Buffer.from(after.wrappedKey!).equals(Buffer.from(before.wrappedKey!))).toBe(true);
  });
});
