// Breaks: the link between Storage and Postgres — an upload whose object was stored but whose row never committed
// (a crash between the two in uploadDocument). "Nothing lost" here means the sweeper removes exactly such objects
// once they are older than the grace period, and never an upload still in flight or a live document's file.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sweepOrphanedObjects } from "@/lib/modules/documents";
import { documentStoragePath } from "@/lib/modules/documents/store";
import { ownerDb, seedTenant } from "../support/factories";
import { newLoop, putRawObject, rawObject, upload } from "../integration/transactions/support/documents";
import { pdfBytes } from "../../scripts/lib/sample-files";

const GRACE_SECONDS = 600;

/** Makes an object look as if it had been stored `seconds` ago. */
async function age(path: string, seconds: number) {
  const n = await ownerDb().$executeRaw`
    update storage.objects set created_at = now() - make_interval(secs => ${seconds}::double precision)
     where bucket_id = 'documents' and name = ${path}`;
  expect(n).toBe(1);
}

describe("storage sweeper", () => {
  it("removes an old object without a row, and keeps a fresh one and a live document's", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);

    const { res, json } = await upload(agent, t.org.slug, loopId, pdfBytes("swept?"), { name: "live.pdf" });
    expect(res.status).toBe(201);
    const live = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: json.document!.id } });

    // What a crash after Storage and before the row leaves behind: an object at a document path, no row.
    const orphan = documentStoragePath(t.org.id, loopId, randomUUID());
    const inFlight = documentStoragePath(t.org.id, loopId, randomUUID());
    await putRawObject(orphan, new Uint8Array([1, 2, 3]));
    await putRawObject(inFlight, new Uint8Array([4, 5, 6]));
    await age(orphan, GRACE_SECONDS * 2);
    await age(live.storagePath, GRACE_SECONDS * 2); // only its row protects it

    const result = await sweepOrphanedObjects({ db: ownerDb(), graceSeconds: GRACE_SECONDS });

    expect(result.failed).toEqual([]);
    expect(result.removed).toContain(orphan);
    expect(result.removed).not.toContain(inFlight);
    expect(result.removed).not.toContain(live.storagePath);
    expect(await rawObject(orphan)).toBeNull();
    expect(await rawObject(inFlight)).not.toBeNull();
    expect(await rawObject(live.storagePath)).not.toBeNull();
    const remaining = await ownerDb().$queryRaw<{ name: string }[]>`
      select name from storage.objects where bucket_id = 'documents' and name = any(${[orphan, inFlight, live.storagePath]}::text[])`;
    expect(remaining.map((r) => r.name).sort()).toEqual([inFlight, live.storagePath].sort());
  });
});
