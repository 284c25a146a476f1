// Encrypted documents end to end through the route handlers' logic (real Requests, real streams, the local
// Storage service): round trip, tampering and AAD, type and size refusals, file names, signed links,
// tenancy, deletion (crypto-shredding).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { signDocumentLink } from "@/lib/modules/documents/links";
import { uploadDocumentRoute } from "@/lib/modules/documents/routes/upload";
import { createDocumentLink, deleteDocument } from "@/lib/modules/documents/services/documents";
import { documentKeyring } from "@/lib/storage/keyring";
import { asCurrentUser, ownerDb, seedTenant } from "../../support/factories";
import { countingStream, docxBytes, exeBytes, pdfBytes, pngBytes } from "../../../scripts/lib/sample-files";
import {
  BASE,
  bucket,
  download,
  newLoop,
  openLink,
  putRawObject,
  rawObject,
  readBody,
  sha256,
  upload,
  uploadRequest,
} from "./support/documents";
import { ctxFor, failure } from "./support/helpers";

const docCtx = (
  user: Parameters<typeof ctxFor>[0],
  org: string,
  permission: "documents:read" | "documents:write" = "documents:write",
) => ctxFor(user, org, permission);

async function setup(roles: Array<"OWNER" | "MEMBER" | "VIEWER"> = ["OWNER"]) {
  const t = await seedTenant({ roles });
  const user = t.users[roles[0]!]!;
  const loopId = await newLoop(user, t.org.slug);
  return { t, user, loopId, org: t.org.slug };
}

/** A PDF spanning many 4 KiB chunks. */
const bigPdf = () => pdfBytes("x".repeat(100_000));

describe("upload and download", () => {
  it("round-trips a PDF: the downloaded bytes equal the original, Storage holds only ciphertext", async () => {
    const { t, user, loopId, org } = await setup(["MEMBER"]);
    const original = pdfBytes("Offer for 9 Quay Street, secret-marker-123");
    const { res, json } = await upload(user, org, loopId, original, {
      name: "Offer.pdf",
      type: "PURCHASE_AGREEMENT",
      contentType: "image/png",
    });
    expect(res.status).toBe(201);
    expect(json.document).toMatchObject({
      fileName: "Offer.pdf",
      sniffedType: "application/pdf",
      sizeBytes: original.length,
      documentType: "PURCHASE_AGREEMENT",
    });
    const id = json.document!.id;

    const row = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      storagePath: `${t.org.id}/transactions/${loopId}/${id}`,
      isEncrypted: true,
      keyVersion: documentKeyring().current,
      sha256: sha256(original),
      uploadedBy: user.id,
    });
    expect(row.wrappedKey?.length).toBe(61);
    const stored = await rawObject(row.storagePath);
    expect(stored!.subarray(0, 7).toString()).toBe("HRTHDOC");
    expect(stored!.includes(Buffer.from("secret-marker-123"))).toBe(false);
    expect(await ownerDb().auditLog.count({ where: { entityId: id, action: "document.uploaded" } })).toBe(1);

    const dl = await download(user, org, id);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(dl.headers.get("content-length")).toBe(String(original.length));
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-disposition")).toBe(
      `attachment; filename="Offer.pdf"; filename*=UTF-8''Offer.pdf`,
    );
    const body = await readBody(dl);
    expect(body.error).toBeUndefined();
    expect(sha256(body.bytes)).toBe(sha256(original));
  });

  it("round-trips a multi-chunk document streamed without Content-Length, and images and Office files", async () => {
    const { user, loopId, org } = await setup();
    const original = bigPdf();
    const { res, json } = await upload(
      user,
      org,
      loopId,
      original,
      { withLength: false },
      { chunkSize: 4096 },
    );
    expect(res.status).toBe(201);
    const body = await readBody(await download(user, org, json.document!.id));
    expect(body.bytes.equals(original)).toBe(true);
    for (const [bytes, mime] of [
      [pngBytes(), "image/png"],
      [docxBytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ] as const) {
      const up = await upload(user, org, loopId, bytes, { name: "scan" });
      expect(up.json.document?.sniffedType).toBe(mime);
      expect((await readBody(await download(user, org, up.json.document!.id))).bytes.equals(bytes)).toBe(
        true,
      );
    }
  });

  it("serves plain text as text/plain with nosniff, and a file name with traversal and control characters as harmless metadata", async () => {
    const { t, user, loopId, org } = await setup();
    const text = Buffer.from("<script>alert(1)</script>\nnot html, just text\n");
    const { json } = await upload(user, org, loopId, text, {
      name: '../../../../etc/pass"wd\r\nX-Evil: 1.txt',
    });
    const id = json.document!.id;
    expect(json.document!.fileName).toBe("pass_wd X-Evil_ 1.txt");
    const row = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
    expect(row.storagePath).toBe(`${t.org.id}/transactions/${loopId}/${id}`);
    const dl = await download(user, org, id);
    expect(dl.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(dl.headers.get("content-disposition")).toBe(
      `attachment; filename="pass_wd X-Evil_ 1.txt"; filename*=UTF-8''pass_wd%20X-Evil_%201.txt`,
    );
    expect((await readBody(dl)).bytes.equals(text)).toBe(true);
  });
});

describe("refusals", () => {
  it("refuses an .exe renamed to .pdf (declared as application/pdf) and stores nothing", async () => {
    const { t, user, loopId, org } = await setup();
    const { res, json } = await upload(user, org, loopId, exeBytes(200_000), {
      name: "contract.pdf",
      contentType: "application/pdf",
    });
    expect(res.status).toBe(415);
    expect(json.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(0);
    const { data } = await bucket().list(`${t.org.id}/transactions/${loopId}`);
    expect(data ?? []).toEqual([]);
  });

  it("answers 413 from Content-Length before reading the body, and while streaming without one", async () => {
    const { t, user, loopId, org } = await setup();
    const { stream, pulled } = countingStream(pdfBytes("y".repeat(300_000)));
    const early = await uploadDocumentRoute({ maxBytes: 50 * 1024 * 1024 }).as(asCurrentUser(user))(
      uploadRequest(org, loopId, stream, {
        name: "big.pdf",
        headers: { "content-length": String(60 * 1024 * 1024) },
      }),
      { params: Promise.resolve({ org, loopId }) },
    );
    expect(early.status).toBe(413);
    expect(pulled()).toBe(0);

    const streamed = await upload(
      user,
      org,
      loopId,
      pdfBytes("y".repeat(300_000)),
      { withLength: false },
      { maxBytes: 100_000 },
    );
    expect(streamed.res.status).toBe(413);
    expect(streamed.json.error?.message).toContain("limit");
    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(0);
    const { data } = await bucket().list(`${t.org.id}/transactions/${loopId}`);
    expect(data ?? []).toEqual([]);
  });

  it("refuses empty files, a missing file name header, cross-site requests, signed-out callers", async () => {
    const { user, loopId, org } = await setup();
    expect((await upload(user, org, loopId, new Uint8Array(0))).res.status).toBe(422);
    const noName = await uploadDocumentRoute().as(asCurrentUser(user))(
      uploadRequest(org, loopId, pdfBytes()),
      {
        params: Promise.resolve({ org, loopId }),
      },
    );
    expect(noName.status).toBe(422);
    const crossSite = await upload(user, org, loopId, pdfBytes(), {
      headers: { origin: "https://evil.example", host: "app.test" },
    });
    expect(crossSite.res.status).toBe(403);
    const anon = await uploadDocumentRoute().as(null)(
      uploadRequest(org, loopId, pdfBytes(), { name: "a.pdf" }),
      {
        params: Promise.resolve({ org, loopId }),
      },
    );
    expect(anon.status).toBe(401);
  });

  it("applies roles and plans: viewers read but can't upload; STARTER can't use documents", async () => {
    const { t, user, loopId, org } = await setup(["OWNER", "VIEWER"]);
    const { json } = await upload(user, org, loopId, pdfBytes());
    const viewer = t.users.VIEWER!;
    expect((await upload(viewer, org, loopId, pdfBytes())).res.status).toBe(403);
    expect((await download(viewer, org, json.document!.id)).status).toBe(200);
    const starter = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    const res = await upload(starter.users.OWNER!, starter.org.slug, loopId, pdfBytes());
    expect(res.res.status).toBe(402);
    expect(res.json.error?.code).toBe("UPGRADE_REQUIRED");
  });
});

describe("integrity", () => {
  it("a flipped ciphertext byte in Storage makes the download fail with an integrity error, never plaintext", async () => {
    const { user, loopId, org } = await setup();
    const original = pdfBytes("small");
    const { json } = await upload(user, org, loopId, original);
    const path = (await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: json.document!.id } }))
      .storagePath;
    const cipher = (await rawObject(path))!;
    cipher[cipher.length - 40]! ^= 0x01;
    await putRawObject(path, cipher);
    const res = await download(user, org, json.document!.id);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "INTEGRITY" } });
  });

  it("a flipped byte late in a large document aborts the stream: the client never gets the whole body", async () => {
    const { user, loopId, org } = await setup();
    const original = bigPdf();
    const { json } = await upload(user, org, loopId, original, {}, { chunkSize: 4096 });
    const path = (await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: json.document!.id } }))
      .storagePath;
    const cipher = (await rawObject(path))!;
    cipher[cipher.length - 5000]! ^= 0x80;
    await putRawObject(path, cipher);
    const res = await download(user, org, json.document!.id);
    const body = await readBody(res);
    expect(body.error).toBeInstanceOf(AppError);
    expect((body.error as AppError).code).toBe("INTEGRITY");
    expect(body.bytes.length).toBeLessThan(original.length);
    expect(original.subarray(0, body.bytes.length).equals(body.bytes)).toBe(true);
  });

  it("a ciphertext copied under another document or another organization does not decrypt (AAD)", async () => {
    const a = await setup();
    const b = await setup();
    const secret = pdfBytes("document A");
    const docA = (await upload(a.user, a.org, a.loopId, secret)).json.document!.id;
    const docA2 = (await upload(a.user, a.org, a.loopId, pdfBytes("document A2"))).json.document!.id;
    const docB = (await upload(b.user, b.org, b.loopId, pdfBytes("document B"))).json.document!.id;
    const db = ownerDb();
    const rowA = await db.transactionDocument.findUniqueOrThrow({ where: { id: docA } });
    const cipherA = (await rawObject(rowA.storagePath))!;
    const steal = {
      wrappedKey: rowA.wrappedKey,
      keyVersion: rowA.keyVersion,
      sha256: rowA.sha256,
      sizeBytes: rowA.sizeBytes,
    };

    // Same organization, another document: only the object copied, then the object and its key material.
    const rowA2 = await db.transactionDocument.findUniqueOrThrow({ where: { id: docA2 } });
    await putRawObject(rowA2.storagePath, cipherA);
    expect((await download(a.user, a.org, docA2)).status).toBe(422);
    await db.transactionDocument.update({ where: { id: docA2 }, data: steal });
    expect((await download(a.user, a.org, docA2)).status).toBe(422);

    // Another organization.
    const rowB = await db.transactionDocument.findUniqueOrThrow({ where: { id: docB } });
    await putRawObject(rowB.storagePath, cipherA);
    await db.transactionDocument.update({ where: { id: docB }, data: steal });
    const res = await download(b.user, b.org, docB);
    expect(res.status).toBe(422);
    expect(await res.text()).not.toContain("document A");

    // The original still opens.
    expect((await readBody(await download(a.user, a.org, docA))).bytes.equals(secret)).toBe(true);
  });
});

describe("links, tenancy and deletion", () => {
  it("a signed link works for members until it expires or is altered; other organizations get not-found", async () => {
    const { t, user, loopId, org } = await setup(["OWNER", "VIEWER"]);
    const original = pdfBytes("linked");
    const id = (await upload(user, org, loopId, original)).json.document!.id;
    const link = await createDocumentLink(
      await docCtx(t.users.VIEWER!, org, "documents:read"),
      { organization: org, documentId: id },
      BASE,
    );
    expect(link.url).toMatch(/^http:\/\/app\.test\/api\/documents\/links\/[\w-]+\.[\w-]+$/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now() + 500_000);

    const ok = await openLink(user, link.url);
    expect(ok.status).toBe(200);
    expect((await readBody(ok)).bytes.equals(original)).toBe(true);

    const [payload, sig] = link.url.split("/links/")[1]!.split(".") as [string, string];
    const altered = `${BASE}/api/documents/links/${payload}.${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}`;
    expect((await openLink(user, altered)).status).toBe(404);
    const expired = signDocumentLink(
      { documentId: id, organizationId: t.org.id, expiresAt: Math.floor(Date.now() / 1000) - 1 },
      documentKeyring(),
    );
    const expiredRes = await openLink(user, `${BASE}/api/documents/links/${expired}`);
    expect(expiredRes.status).toBe(403);
    expect((await expiredRes.json()).error.message).toContain("expired");

    const outsider = (await seedTenant({ roles: ["OWNER"] })).users.OWNER!;
    expect((await openLink(outsider, link.url)).status).toBe(404);
    expect((await openLink(null, link.url)).status).toBe(401);
    const browser = await openLink(null, link.url, "text/html,*/*");
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toMatch(/^\/login\?next=%2Fapi%2Fdocuments%2Flinks%2F/);
  });

  it("another organization's member gets not-found for the document and the loop", async () => {
    const victim = await setup();
    const attacker = await setup();
    const id = (await upload(victim.user, victim.org, victim.loopId, pdfBytes())).json.document!.id;
    expect((await download(attacker.user, victim.org, id)).status).toBe(404);
    expect((await download(attacker.user, attacker.org, id)).status).toBe(404);
    expect((await upload(attacker.user, attacker.org, victim.loopId, pdfBytes())).res.status).toBe(404);
    expect((await upload(attacker.user, victim.org, victim.loopId, pdfBytes())).res.status).toBe(404);
    const ctx = await docCtx(attacker.user, attacker.org);
    expect(
      await failure(createDocumentLink(ctx, { organization: attacker.org, documentId: id }, BASE)),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(deleteDocument(ctx, { organization: attacker.org, documentId: id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    const html = await download(attacker.user, victim.org, id, "text/html");
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(await ownerDb().transactionDocument.count({ where: { id, deletedAt: null } })).toBe(1);
  });

  it("delete shreds the data key, removes the object, audits, and the document and its links stop working", async () => {
    const { t, user, loopId, org } = await setup();
    const id = (await upload(user, org, loopId, pdfBytes())).json.document!.id;
    const ctx = await docCtx(user, org);
    const link = await createDocumentLink(ctx, { organization: org, documentId: id }, BASE);
    const path = `${t.org.id}/transactions/${loopId}/${id}`;
    expect(await rawObject(path)).not.toBeNull();
    await deleteDocument(ctx, { organization: org, documentId: id });
    const row = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });
    expect(row.wrappedKey).toBeNull();
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await rawObject(path)).toBeNull();
    expect(await ownerDb().auditLog.count({ where: { entityId: id, action: "document.deleted" } })).toBe(1);
    expect((await download(user, org, id)).status).toBe(404);
    expect((await openLink(user, link.url)).status).toBe(404);
    expect(await failure(deleteDocument(ctx, { organization: org, documentId: id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("deleting a loop shreds its documents and removes their objects", async () => {
    const { t, user, loopId, org } = await setup();
    const id = (await upload(user, org, loopId, pdfBytes())).json.document!.id;
    const { deleteLoop } = await import("@/lib/modules/transactions/services/loops");
    await deleteLoop(await ctxFor(user, org), { organization: org, loopId });
    expect(await ownerDb().transactionDocument.count({ where: { id } })).toBe(0);
    expect(await rawObject(`${t.org.id}/transactions/${loopId}/${id}`)).toBeNull();
  });
});
