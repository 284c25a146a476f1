// The document viewer's read (GET /api/documents/<org>/files/<id>/view): the verified bytes of a PDF or an image
// under the download's safe headers; any other type refused before Storage is touched; the same authorization as
// a download.
import { describe, expect, it } from "vitest";
import { ownerDb, seedTenant } from "../../support/factories";
import { docxBytes, pdfBytes, pngBytes } from "../../../scripts/lib/sample-files";
import { bucket, newLoop, readBody, sha256, upload, view } from "./support/documents";

async function setup() {
  const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
  const owner = t.users.OWNER!;
  const loopId = await newLoop(owner, t.org.slug);
  const put = async (bytes: Buffer, name: string) =>
    (await upload(owner, t.org.slug, loopId, bytes, { name })).json.document!.id;
  return { t, owner, org: t.org.slug, put };
}

describe("the viewer's read of a document", () => {
  it("serves a PDF and an image as sandboxed, no-sniff attachments only the app's own pages can read", async () => {
    const { t, org, put } = await setup();
    for (const [bytes, name, type] of [
      [pdfBytes("viewer sample"), "Offer.pdf", "application/pdf"],
      [pngBytes(), "Porch.png", "image/png"],
    ] as const) {
      const id = await put(bytes, name);
      // A viewer (read-only role) reads documents, so views them too.
      const res = await view(t.users.VIEWER!, org, id);
      expect(res.status).toBe(200);
      expect(Object.fromEntries(res.headers)).toMatchObject({
        "content-type": type,
        "content-length": String(bytes.length),
        "content-security-policy": "default-src 'none'; sandbox",
        "x-content-type-options": "nosniff",
        "cross-origin-resource-policy": "same-origin",
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
      });
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
      const body = await readBody(res);
      expect(body.error).toBeUndefined();
      expect(sha256(body.bytes)).toBe(sha256(bytes));
    }
  });

  it("refuses other types (415) before reading Storage: they are only downloaded", async () => {
    const { org, owner, put } = await setup();
    for (const [bytes, name] of [
      [Buffer.from("<script>alert(1)</script>\n"), "notes.txt"],
      [docxBytes(), "Addendum.docx"],
    ] as const) {
      const id = await put(bytes, name);
      // With the ciphertext gone, reading Storage would fail: a 415 means the type was refused first.
      const { storagePath } = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
      await bucket().remove([storagePath]);
      const res = await view(owner, org, id);
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: {
          code: "UNSUPPORTED_MEDIA_TYPE",
          message: "This file can't be shown in the browser. Download it instead.",
        },
      });
      expect(res.headers.get("content-disposition")).toBeNull();
    }
  });

  it("answers signed-out callers, other organizations and unknown documents as a download does", async () => {
    const { org, put } = await setup();
    const id = await put(pdfBytes(), "Offer.pdf");
    expect((await view(null, org, id)).status).toBe(401);
    const stranger = (await seedTenant({ roles: ["OWNER"] })).users.OWNER!;
    expect((await view(stranger, org, id)).status).toBe(404);
    const own = await seedTenant({ roles: ["OWNER"] });
    expect((await view(own.users.OWNER!, own.org.slug, id)).status).toBe(404);
    expect((await view(own.users.OWNER!, own.org.slug, "not-a-uuid")).status).toBe(404);
  });
});
