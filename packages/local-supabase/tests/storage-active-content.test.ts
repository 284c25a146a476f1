// Storage never serves a document a browser could run script from (HTML, SVG, XML, XHTML, ...) as itself: like
// hosted Storage does for text/html, every route that returns an object's bytes (authenticated, public, signed,
// HEAD) sends such objects as text/plain with nosniff, and a stored type that hides another type is not passed on.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceClient, serviceRoleKey, supabaseUrl } from "../../../tests/support/supabase";

const svc = serviceClient();
const bucket = `st-active-${randomUUID().slice(0, 8)}`;
const SCRIPT = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>`;

beforeAll(async () => {
  expect((await svc.storage.createBucket(bucket, { public: true })).error).toBeNull();
});
afterAll(async () => {
  await svc.storage.emptyBucket(bucket);
  await svc.storage.deleteBucket(bucket);
});

async function uploaded(contentType: string, body: Buffer | Blob = Buffer.from(SCRIPT)): Promise<string> {
  const key = `active/${randomUUID()}`;
  const { error } = await svc.storage.from(bucket).upload(key, body, { contentType });
  expect(error).toBeNull();
  return key;
}

/** Each way a browser could be sent to the object's bytes, with the response's type headers. */
async function servedBy(key: string) {
  const store = svc.storage.from(bucket);
  const signed = await store.createSignedUrl(key, 60);
  expect(signed.error).toBeNull();
  const authenticated = `${supabaseUrl()}/storage/v1/object/${bucket}/${key}`;
  const auth = { authorization: `Bearer ${serviceRoleKey()}` };
  const routes: Array<[string, Promise<Response>]> = [
    ["authenticated", fetch(authenticated, { headers: auth })],
    ["authenticated HEAD", fetch(authenticated, { method: "HEAD", headers: auth })],
    ["public", fetch(store.getPublicUrl(key).data.publicUrl)],
    ["signed", fetch(signed.data!.signedUrl)],
  ];
  const out: Record<string, { status: number; type: string | null; nosniff: string | null; body: string }> =
    {};
  for (const [name, pending] of routes) {
    const res = await pending;
    out[name] = {
      status: res.status,
      type: res.headers.get("content-type"),
      nosniff: res.headers.get("x-content-type-options"),
      body: await res.text(),
    };
  }
  return out;
}

const everyRoute = (type: string, body = SCRIPT) => ({
  authenticated: { status: 200, type, nosniff: "nosniff", body },
  "authenticated HEAD": { status: 200, type, nosniff: "nosniff", body: "" },
  public: { status: 200, type, nosniff: "nosniff", body },
  signed: { status: 200, type, nosniff: "nosniff", body },
});

describe("storage downloads of scriptable types", () => {
  it.each([
    "text/html",
    "TEXT/HTML; charset=utf-8",
    "image/svg+xml",
    "application/xml",
    "text/xml",
    "application/xhtml+xml",
    "application/rss+xml",
    "text/xsl",
    "multipart/x-mixed-replace; boundary=x",
  ])("serves %s as text/plain on every route, bytes unchanged", async (contentType) => {
    const key = await uploaded(contentType);
    expect(await servedBy(key)).toEqual(everyRoute("text/plain"));
  });

  it("serves an SVG a browser uploaded as a file (multipart) as text/plain", async () => {
    const key = await uploaded("image/svg+xml", new Blob([SCRIPT], { type: "image/svg+xml" }));
    expect(await servedBy(key)).toEqual(everyRoute("text/plain"));
  });

  it("never passes on a stored type that a browser could read as another one", async () => {
    // A list is read by its last entry; a parameter can smuggle one in; unknown types make the browser sniff.
    const listed = await uploaded("image/png, text/html");
    expect(await servedBy(listed)).toEqual(everyRoute("application/octet-stream"));
    const smuggled = await uploaded("image/png; x=1, text/html");
    expect(await servedBy(smuggled)).toEqual(everyRoute("image/png"));
    const unknown = await uploaded("unknown/unknown");
    expect(await servedBy(unknown)).toEqual(everyRoute("application/octet-stream"));
  });

  it("serves other types as they were stored", async () => {
    for (const type of ["image/png", "application/pdf", "text/plain; charset=utf-8", "application/json"]) {
      const key = await uploaded(type);
      expect(await servedBy(key)).toEqual(everyRoute(type));
    }
  });
});
