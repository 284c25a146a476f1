// Signed URLs: created through the client, used with no credential at all; they stop working when they expire,
// when the path in the URL is changed, when the token is tampered with, and an upload token never downloads.
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonKey, serviceClient, supabaseUrl } from "../../../tests/support/supabase";
import { tamper } from "../../../tests/support/tokens";

const svc = serviceClient();
const bucket = `st-sign-${randomUUID().slice(0, 8)}`;
const bytes = randomBytes(4096);

async function bodyOf(res: Response) {
  return (await res.json()) as Record<string, unknown>;
}

function wire(error: unknown) {
  const e = error as { status?: number; statusCode?: string; code?: string; message?: string } | null;
  return e && { status: e.status, statusCode: e.statusCode, code: e.code, message: e.message };
}

beforeAll(async () => {
  expect((await svc.storage.createBucket(bucket, { public: false })).error).toBeNull();
  const store = svc.storage.from(bucket);
  expect(
    (await store.upload("docs/file.bin", bytes, { contentType: "application/octet-stream" })).error,
  ).toBeNull();
  expect((await store.upload("docs/other.bin", new Blob(["other"]))).error).toBeNull();
});

afterAll(async () => {
  await svc.storage.emptyBucket(bucket);
  await svc.storage.deleteBucket(bucket);
});

describe("storage signed URLs", () => {
  it("downloads the object with no credential, as an attachment when asked", async () => {
    const { data, error } = await svc.storage.from(bucket).createSignedUrl("docs/file.bin", 60);
    expect(error).toBeNull();
    expect(data!.signedUrl).toMatch(
      new RegExp(`^${supabaseUrl()}/storage/v1/object/sign/${bucket}/docs/file\\.bin\\?token=`),
    );
    const token = new URL(data!.signedUrl).searchParams.get("token")!;
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({
      url: `${bucket}/docs/file.bin`,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims.exp - claims.iat).toBe(60);

    const res = await fetch(data!.signedUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get("expires")).toBe(new Date(claims.exp * 1000).toUTCString());

    const named = await svc.storage
      .from(bucket)
      .createSignedUrl("docs/file.bin", 60, { download: "report.bin" });
    const attachment = await fetch(named.data!.signedUrl);
    expect(attachment.headers.get("content-disposition")).toContain("filename=report.bin");
  });

  it("stops working once expired", async () => {
    const { data } = await svc.storage.from(bucket).createSignedUrl("docs/file.bin", 1);
    await sleep(2100);
    const res = await fetch(data!.signedUrl);
    expect(res.status).toBe(400);
    expect(await bodyOf(res)).toEqual({
      statusCode: "400",
      code: "InvalidJWT",
      error: "InvalidJWT",
      message: '"exp" claim timestamp check failed',
    });
  });

  it("is bound to its path: another key in the URL is refused", async () => {
    const { data } = await svc.storage.from(bucket).createSignedUrl("docs/file.bin", 60);
    for (const other of ["docs/other.bin", "docs/file.bin2", "DOCS/file.bin"]) {
      const res = await fetch(data!.signedUrl.replace("docs/file.bin", other));
      expect(res.status, other).toBe(400);
      expect(await bodyOf(res), other).toMatchObject({
        statusCode: "400",
        code: "InvalidSignature",
        message: "Invalid signature",
      });
    }
  });

  it("refuses a tampered token and a missing one", async () => {
    const { data } = await svc.storage.from(bucket).createSignedUrl("docs/file.bin", 60);
    const url = new URL(data!.signedUrl);
    const token = url.searchParams.get("token")!;
    url.searchParams.set("token", tamper(token, { url: `${bucket}/docs/other.bin` }));
    const tampered = await fetch(url);
    expect(tampered.status).toBe(400);
    expect(await bodyOf(tampered)).toMatchObject({
      code: "InvalidJWT",
      message: "signature verification failed",
    });

    url.searchParams.delete("token");
    const missing = await fetch(url);
    expect(missing.status).toBe(400);
    expect(await bodyOf(missing)).toMatchObject({ code: "InvalidRequest" });
  });

  it("signs in bulk, with an error for what does not exist", async () => {
    const { data, error } = await svc.storage
      .from(bucket)
      .createSignedUrls(["docs/file.bin", "docs/missing.bin"], 60);
    expect(error).toBeNull();
    expect(data![0]).toMatchObject({ path: "docs/file.bin", error: null });
    expect(data![1]).toEqual({
      path: "docs/missing.bin",
      error: "Either the object does not exist or you do not have access to it",
      signedURL: null,
      signedUrl: null,
    });
    const res = await fetch(data![0]!.signedUrl!);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("refuses to sign what does not exist and absurd expiries", async () => {
    expect(
      wire((await svc.storage.from(bucket).createSignedUrl("docs/missing.bin", 60)).error),
    ).toMatchObject({
      statusCode: "404",
      code: "NoSuchKey",
    });
    expect(wire((await svc.storage.from(bucket).createSignedUrl("docs/file.bin", 0)).error)).toMatchObject({
      statusCode: "400",
      code: "InvalidRequest",
    });
  });

  it("uploads through a signed upload URL, whose token never downloads and is no bearer credential", async () => {
    const store = svc.storage.from(bucket);
    const signed = await store.createSignedUploadUrl("uploads/via-token.txt");
    expect(signed.error).toBeNull();
    const put = await store.uploadToSignedUrl(
      "uploads/via-token.txt",
      signed.data!.token,
      new Blob(["via token"]),
    );
    expect(put.error).toBeNull();
    expect(await (await store.download("uploads/via-token.txt")).data?.text()).toBe("via token");

    const again = await store.uploadToSignedUrl(
      "uploads/via-token.txt",
      signed.data!.token,
      new Blob(["again"]),
    );
    expect(wire(again.error)).toMatchObject({ statusCode: "409", code: "KeyAlreadyExists" });
    const elsewhere = await store.uploadToSignedUrl("uploads/other.txt", signed.data!.token, new Blob(["x"]));
    expect(wire(elsewhere.error)).toMatchObject({ code: "InvalidSignature" });

    const asDownload = await fetch(
      `${supabaseUrl()}/storage/v1/object/sign/${bucket}/uploads/via-token.txt?token=${signed.data!.token}`,
    );
    expect(await bodyOf(asDownload)).toMatchObject({
      code: "InvalidSignature",
      message: "Token is not scoped for download",
    });

    const { data } = await store.createSignedUrl("docs/file.bin", 60);
    const downloadToken = new URL(data!.signedUrl).searchParams.get("token")!;
    const bearer = createClient(supabaseUrl(), anonKey(), {
      global: { headers: { Authorization: `Bearer ${downloadToken}` } },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    expect(
      wire((await bearer.storage.from(bucket).upload("docs/by-token.txt", new Blob(["x"]))).error),
    ).toMatchObject({
      code: "AccessDenied",
    });
  });
});
