// Storage objects through the official client (service role): multipart and raw uploads, byte-exact downloads,
// upsert vs duplicate, bucket MIME and size limits, list and listV2, remove, move/copy, public buckets, unknown
// routes, and keys that try to leave their bucket.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceClient, serviceRoleKey, supabaseUrl } from "../../../tests/support/supabase";

const svc = serviceClient();
const created: string[] = [];
let db: pg.Client;

function newBucketId(tag: string) {
  const id = `st-${tag}-${randomUUID().slice(0, 8)}`;
  created.push(id);
  return id;
}

async function newBucket(
  tag: string,
  options: Parameters<typeof svc.storage.createBucket>[1] = { public: false },
) {
  const id = newBucketId(tag);
  const { error } = await svc.storage.createBucket(id, options);
  expect(error).toBeNull();
  return id;
}

function wire(error: unknown) {
  const e = error as { status?: number; statusCode?: string; code?: string; message?: string } | null;
  return e && { status: e.status, statusCode: e.statusCode, code: e.code, message: e.message };
}

async function downloadBytes(bucket: string, key: string): Promise<Buffer> {
  const { data, error } = await svc.storage.from(bucket).download(key);
  expect(error).toBeNull();
  return Buffer.from(await data!.arrayBuffer());
}

/** Storage keeps every object version in one file under <data>/storage/<bucket>/. */
function filesOnDisk(bucket: string): string[] {
  const dir = path.join(process.env.HEARTH_TEST_STACK_DIR!, "data", "storage", encodeURIComponent(bucket));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** A raw request with the path sent exactly as written (fetch would normalize "..", "\" and "//"). */
function rawRequest(
  method: string,
  rawPath: string,
  body = "x",
): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(supabaseUrl());
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: rawPath,
        headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "text/plain" },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  for (const id of created) {
    await svc.storage.emptyBucket(id);
    await svc.storage.deleteBucket(id);
  }
  await db.end();
});

describe("storage uploads and downloads", () => {
  it("stores a multipart Blob/File and a raw Buffer/Uint8Array byte for byte", async () => {
    const bucket = await newBucket("upload");
    const blobBytes = randomBytes(70_000);
    const fileBytes = randomBytes(1234);
    const bufferBytes = randomBytes(50_000);
    const arrayBytes = new Uint8Array(randomBytes(333));

    const blob = await svc.storage
      .from(bucket)
      .upload("docs/blob.bin", new Blob([blobBytes], { type: "application/octet-stream" }));
    expect(blob.error).toBeNull();
    expect(blob.data).toMatchObject({ path: "docs/blob.bin", fullPath: `${bucket}/docs/blob.bin` });
    expect(blob.data!.id).toMatch(/^[0-9a-f-]{36}$/);

    const file = await svc.storage
      .from(bucket)
      .upload("docs/report.pdf", new File([fileBytes], "report.pdf", { type: "application/pdf" }), {
        cacheControl: "60",
        metadata: { kind: "report" },
      });
    expect(file.error).toBeNull();
    const buffer = await svc.storage
      .from(bucket)
      .upload("raw/buffer.png", bufferBytes, { contentType: "image/png" });
    expect(buffer.error).toBeNull();
    const array = await svc.storage
      .from(bucket)
      .upload("raw/array.txt", arrayBytes, { contentType: "text/plain" });
    expect(array.error).toBeNull();

    expect((await downloadBytes(bucket, "docs/blob.bin")).equals(blobBytes)).toBe(true);
    expect((await downloadBytes(bucket, "docs/report.pdf")).equals(fileBytes)).toBe(true);
    expect((await downloadBytes(bucket, "raw/buffer.png")).equals(bufferBytes)).toBe(true);
    expect((await downloadBytes(bucket, "raw/array.txt")).equals(Buffer.from(arrayBytes))).toBe(true);

    const info = await svc.storage.from(bucket).info("docs/report.pdf");
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({
      name: "docs/report.pdf",
      bucketId: bucket,
      size: 1234,
      contentType: "application/pdf",
      cacheControl: "max-age=60",
      etag: `"${createHash("md5").update(fileBytes).digest("hex")}"`,
      metadata: { kind: "report" },
    });
    expect(await svc.storage.from(bucket).exists("docs/report.pdf")).toEqual({ data: true, error: null });
    expect((await svc.storage.from(bucket).exists("docs/missing.pdf")).data).toBe(false);

    // The row Supabase keeps for every object.
    const { rows } = await db.query(
      "select metadata, user_metadata, owner from storage.objects where bucket_id = $1 and name = $2",
      [bucket, "raw/buffer.png"],
    );
    expect(rows[0].metadata).toEqual({
      eTag: `"${createHash("md5").update(bufferBytes).digest("hex")}"`,
      size: 50_000,
      mimetype: "image/png",
      cacheControl: "max-age=3600",
      lastModified: expect.any(String),
      contentLength: 50_000,
      httpStatusCode: 200,
    });
    expect(rows[0].owner).toBeNull();
  });

  it("refuses a second upload to the same key unless upsert is asked for", async () => {
    const bucket = await newBucket("upsert");
    const store = svc.storage.from(bucket);
    expect((await store.upload("a.txt", new Blob(["first"]))).error).toBeNull();

    const dup = await store.upload("a.txt", new Blob(["second"]));
    expect(wire(dup.error)).toEqual({
      status: 400,
      statusCode: "409",
      code: "KeyAlreadyExists",
      message: "The resource already exists",
    });
    expect((await downloadBytes(bucket, "a.txt")).toString()).toBe("first");

    expect((await store.upload("a.txt", new Blob(["third"]), { upsert: true })).error).toBeNull();
    expect((await downloadBytes(bucket, "a.txt")).toString()).toBe("third");
    expect(
      (await store.update("a.txt", Buffer.from("fourth"), { contentType: "text/plain" })).error,
    ).toBeNull();
    expect((await downloadBytes(bucket, "a.txt")).toString()).toBe("fourth");
    // Replaced versions leave no bytes behind.
    expect(filesOnDisk(bucket)).toHaveLength(1);
  });

  it("keeps concurrent upserts of one key whole: the winner's bytes, one file", async () => {
    const bucket = await newBucket("race");
    const bodies = Array.from({ length: 6 }, () => randomBytes(300_000));
    const results = await Promise.all(
      bodies.map((b) =>
        svc.storage
          .from(bucket)
          .upload("same.bin", b, { upsert: true, contentType: "application/octet-stream" }),
      ),
    );
    for (const r of results) expect(r.error).toBeNull();
    const final = await downloadBytes(bucket, "same.bin");
    expect(bodies.some((b) => b.equals(final))).toBe(true);
    expect(filesOnDisk(bucket)).toHaveLength(1);
  });

  it("enforces the bucket's allowed MIME types, wildcards included", async () => {
    const bucket = await newBucket("mime", {
      public: false,
      allowedMimeTypes: ["image/*", "application/pdf"],
    });
    const store = svc.storage.from(bucket);
    expect((await store.upload("ok.png", new Blob(["png"], { type: "image/png" }))).error).toBeNull();
    expect(
      (await store.upload("ok.webp", Buffer.from("webp"), { contentType: "image/webp" })).error,
    ).toBeNull();
    expect((await store.upload("ok.pdf", new Blob(["pdf"], { type: "application/pdf" }))).error).toBeNull();

    const text = await store.upload("no.txt", new Blob(["text"], { type: "text/plain" }));
    expect(wire(text.error)).toEqual({
      status: 400,
      statusCode: "415",
      code: "InvalidMimeType",
      message: "mime type text/plain is not supported",
    });
    const raw = await store.upload("no.html", Buffer.from("<p>"), { contentType: "text/html" });
    expect(wire(raw.error)).toMatchObject({ statusCode: "415", code: "InvalidMimeType" });
    expect((await store.list("")).data?.map((o) => o.name)).toEqual(["ok.pdf", "ok.png", "ok.webp"]);
  });

  it("enforces the bucket's file size limit for multipart and raw bodies", async () => {
    const bucket = await newBucket("limit", { public: false, fileSizeLimit: 1024 });
    const store = svc.storage.from(bucket);
    expect((await store.upload("exact.bin", new Blob([randomBytes(1024)]))).error).toBeNull();

    const tooLarge = {
      status: 400,
      statusCode: "413",
      code: "EntityTooLarge",
      message: "The object exceeded the maximum allowed size",
    };
    expect(wire((await store.upload("big-multipart.bin", new Blob([randomBytes(1025)]))).error)).toEqual(
      tooLarge,
    );
    expect(
      wire(
        (await store.upload("big-raw.bin", randomBytes(4096), { contentType: "application/octet-stream" }))
          .error,
      ),
    ).toEqual(tooLarge);
    // A streamed body has no Content-Length: the limit applies while it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new Uint8Array(512));
        c.close();
      },
    });
    expect(
      wire((await store.upload("big-stream.bin", stream, { contentType: "application/octet-stream" })).error),
    ).toEqual(tooLarge);

    expect((await store.list("")).data?.map((o) => o.name)).toEqual(["exact.bin"]);
    expect(filesOnDisk(bucket)).toHaveLength(1);
  });

  it("answers NoSuchBucket and NoSuchKey like Storage", async () => {
    const missing = `st-missing-${randomUUID().slice(0, 8)}`;
    expect(wire((await svc.storage.from(missing).upload("a.txt", new Blob(["a"]))).error)).toEqual({
      status: 400,
      statusCode: "404",
      code: "NoSuchBucket",
      message: "Bucket not found",
    });
    const bucket = await newBucket("nokey");
    expect(wire((await svc.storage.from(bucket).download("nope.txt")).error)).toEqual({
      status: 400,
      statusCode: "404",
      code: "NoSuchKey",
      message: "Object not found",
    });
  });
});

describe("storage list, remove, move and copy", () => {
  it("lists files and folders under a prefix with limit, offset, search and sorting", async () => {
    const bucket = await newBucket("list");
    const store = svc.storage.from(bucket);
    for (const key of [
      "top.txt",
      "docs/a.txt",
      "docs/b.txt",
      "docs/c.md",
      "docs/sub/deep.txt",
      "docs/sub2/x.txt",
      "other/z.txt",
    ]) {
      expect((await store.upload(key, new Blob([key]))).error).toBeNull();
    }

    const root = await store.list("");
    expect(root.data?.map((e) => [e.name, e.id === null])).toEqual([
      ["docs", true],
      ["other", true],
      ["top.txt", false],
    ]);
    const folder = root.data!.find((e) => e.name === "docs")!;
    expect(folder).toEqual({
      name: "docs",
      id: null,
      updated_at: null,
      created_at: null,
      last_accessed_at: null,
      metadata: null,
    });

    const docs = await store.list("docs");
    expect(docs.data?.map((e) => e.name)).toEqual(["a.txt", "b.txt", "c.md", "sub", "sub2"]);
    expect(docs.data?.[0]?.metadata).toMatchObject({ size: 10, mimetype: "application/octet-stream" });

    expect((await store.list("docs", { limit: 2 })).data?.map((e) => e.name)).toEqual(["a.txt", "b.txt"]);
    expect((await store.list("docs", { limit: 2, offset: 2 })).data?.map((e) => e.name)).toEqual([
      "c.md",
      "sub",
    ]);
    expect((await store.list("docs", { search: "sub" })).data?.map((e) => e.name)).toEqual(["sub", "sub2"]);
    expect((await store.list("docs", { search: "B" })).data?.map((e) => e.name)).toEqual(["b.txt"]);
    expect(
      (await store.list("docs/", { sortBy: { column: "name", order: "desc" } })).data?.map((e) => e.name),
    ).toEqual(["sub2", "sub", "c.md", "b.txt", "a.txt"]);
    const byDate = await store.list("docs", { sortBy: { column: "created_at", order: "desc" } });
    expect(byDate.data?.map((e) => e.name)).toEqual(["sub2", "sub", "c.md", "b.txt", "a.txt"]);
    expect((await store.list("nothing-here")).data).toEqual([]);
  });

  it("lists with listV2: flat or grouped into folders, in key order, page by page with the cursor", async () => {
    const bucket = await newBucket("listv2");
    const store = svc.storage.from(bucket);
    const keys = [
      "a.txt",
      "b/1.txt",
      "b/2.txt",
      "b/c/3.txt",
      "b.txt",
      "c/4.txt",
      "d.txt",
      "b_/x.txt",
      "bxy.txt",
    ];
    for (const key of keys) expect((await store.upload(key, new Blob([key]))).error).toBeNull();
    const names = (r: { folders: Array<{ name: string }>; objects: Array<{ name: string }> }) => ({
      folders: r.folders.map((f) => f.name),
      objects: r.objects.map((o) => o.name),
    });

    const grouped = await store.listV2({ with_delimiter: true });
    expect(grouped.error).toBeNull();
    expect(grouped.data).toMatchObject({ hasNext: false });
    expect(grouped.data!.nextCursor).toBeUndefined();
    expect(names(grouped.data!)).toEqual({
      folders: ["b/", "b_/", "c/"],
      objects: ["a.txt", "b.txt", "bxy.txt", "d.txt"],
    });
    expect(grouped.data!.folders[0]).toEqual({
      key: "b",
      name: "b/",
      id: null,
      updated_at: null,
      created_at: null,
      last_accessed_at: null,
      metadata: null,
    });
    expect(grouped.data!.objects[0]).toMatchObject({ key: "a.txt", name: "a.txt", id: expect.any(String) });
    expect(grouped.data!.objects[0]!.metadata).toMatchObject({ size: 5 });

    // A prefix is the literal start of the key ("_" is no wildcard), not necessarily a folder.
    const inB = await store.listV2({ prefix: "b/", with_delimiter: true });
    expect(names(inB.data!)).toEqual({ folders: ["b/c/"], objects: ["b/1.txt", "b/2.txt"] });
    expect(inB.data!.objects.map((o) => o.key)).toEqual(["1.txt", "2.txt"]);
    const flat = await store.listV2({ prefix: "b" });
    expect(names(flat.data!)).toEqual({
      folders: [],
      objects: ["b.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "b_/x.txt", "bxy.txt"],
    });
    expect(flat.data!.objects[0]).not.toHaveProperty("key");
    expect(names((await store.listV2({ prefix: "b_" })).data!).objects).toEqual(["b_/x.txt"]);

    // Pages of 2, in the order of the whole listing (a folder sorts where its first key does: "b.txt" < "b/").
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, error } = await store.listV2({ with_delimiter: true, limit: 2, cursor });
      expect(error).toBeNull();
      seen.push(...[...data!.folders, ...data!.objects].map((e) => e.name).sort());
      cursor = data!.hasNext ? data!.nextCursor : undefined;
      if (data!.hasNext) expect(cursor).toEqual(expect.any(String));
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(["a.txt", "b.txt", "b/", "b_/", "bxy.txt", "c/", "d.txt"]);

    const newestFirst: string[] = [];
    cursor = undefined;
    do {
      const { data } = await store.listV2({
        limit: 3,
        cursor,
        sortBy: { column: "created_at", order: "desc" },
      });
      newestFirst.push(...data!.objects.map((o) => o.name));
      cursor = data!.nextCursor;
    } while (cursor);
    expect(newestFirst).toEqual([...keys].reverse());

    const bad = await store.listV2({ cursor: Buffer.from("x:nope").toString("base64") });
    expect(wire(bad.error)).toMatchObject({ status: 400, code: "InvalidParameter" });
  });

  it("answers list-v2 as a listing even with a bucket named list-v2, and never stores the request", async () => {
    created.push("list-v2");
    expect((await svc.storage.createBucket("list-v2")).error).toBeNull();
    const bucket = await newBucket("lv2");
    expect((await svc.storage.from(bucket).upload("only.txt", new Blob(["x"]))).error).toBeNull();

    const { data, error } = await svc.storage.from(bucket).listV2({ prefix: "only" });
    const { rows } = await db.query("select name from storage.objects where bucket_id = 'list-v2'");
    expect(rows).toEqual([]);
    expect(error).toBeNull();
    expect(data!.objects.map((o) => o.name)).toEqual(["only.txt"]);

    // Routes Storage has and this platform doesn't serve are unknown routes: 404, never an upload.
    for (const [method, route] of [
      ["POST", "/upload/resumable"],
      ["POST", "/render/image/authenticated/list-v2/x.png"],
      ["POST", "/object"],
    ] as const) {
      const res = await fetch(`${supabaseUrl()}/storage/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "application/json" },
        body: JSON.stringify({ stored: "never" }),
      });
      expect(res.status, route).toBe(404);
      expect(await res.json()).toEqual({
        statusCode: "404",
        code: "InvalidRequest",
        error: "Not Found",
        message: `Route ${method}:${route} not found`,
      });
    }
    expect((await db.query("select 1 from storage.objects where bucket_id = 'list-v2'")).rows).toEqual([]);
  });

  it("removes a batch of objects and returns them", async () => {
    const bucket = await newBucket("remove");
    const store = svc.storage.from(bucket);
    for (const key of ["a.txt", "b.txt", "keep/c.txt"]) await store.upload(key, new Blob([key]));

    const removed = await store.remove(["a.txt", "b.txt", "not-there.txt"]);
    expect(removed.error).toBeNull();
    expect(removed.data?.map((o) => o.name).sort()).toEqual(["a.txt", "b.txt"]);
    expect(removed.data?.[0]).toMatchObject({ bucket_id: bucket, id: expect.any(String) });
    expect(wire((await store.download("a.txt")).error)).toMatchObject({ code: "NoSuchKey" });
    expect((await store.list("keep")).data?.map((o) => o.name)).toEqual(["c.txt"]);
    expect(filesOnDisk(bucket)).toHaveLength(1);
    expect(wire((await store.remove([])).error)).toMatchObject({ status: 400, code: "InvalidRequest" });
  });

  it("moves and copies objects, within and across buckets", async () => {
    const bucket = await newBucket("move");
    const other = await newBucket("move-to");
    const store = svc.storage.from(bucket);
    const bytes = randomBytes(5000);
    await store.upload("from/a.bin", bytes, { contentType: "application/octet-stream" });

    expect(await store.move("from/a.bin", "to/a.bin")).toMatchObject({
      data: { message: "Successfully moved" },
      error: null,
    });
    expect(wire((await store.download("from/a.bin")).error)).toMatchObject({ code: "NoSuchKey" });
    expect((await downloadBytes(bucket, "to/a.bin")).equals(bytes)).toBe(true);

    expect(await store.copy("to/a.bin", "copy/a.bin")).toEqual({
      data: { path: `${bucket}/copy/a.bin` },
      error: null,
    });
    expect(wire((await store.copy("to/a.bin", "copy/a.bin")).error)).toMatchObject({
      statusCode: "409",
      code: "KeyAlreadyExists",
    });
    expect((await store.copy("to/a.bin", "x.bin", { destinationBucket: other })).error).toBeNull();
    expect((await store.move("copy/a.bin", "moved.bin", { destinationBucket: other })).error).toBeNull();
    expect((await downloadBytes(other, "x.bin")).equals(bytes)).toBe(true);
    expect((await downloadBytes(other, "moved.bin")).equals(bytes)).toBe(true);
    expect((await downloadBytes(bucket, "to/a.bin")).equals(bytes)).toBe(true);
    expect(filesOnDisk(bucket)).toHaveLength(1);
    expect(filesOnDisk(other)).toHaveLength(2);

    expect(wire((await store.move("to/a.bin", "../escape.bin")).error)).toMatchObject({
      statusCode: "400",
      code: "InvalidKey",
    });
    expect(wire((await store.copy("to/a.bin", "a//b.bin")).error)).toMatchObject({ code: "InvalidKey" });
    expect(wire((await store.move("nope.bin", "x.bin")).error)).toMatchObject({ code: "NoSuchKey" });
  });
});

describe("storage public buckets", () => {
  it("serves public objects without a token and private ones never through the public route", async () => {
    const pub = await newBucket("public", { public: true });
    const priv = await newBucket("private", { public: false });
    await svc.storage.from(pub).upload("p.txt", new Blob(["public bytes"], { type: "text/plain" }));
    await svc.storage.from(priv).upload("p.txt", new Blob(["private bytes"], { type: "text/plain" }));

    const ok = await fetch(svc.storage.from(pub).getPublicUrl("p.txt").data.publicUrl);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/plain");
    expect(await ok.text()).toBe("public bytes");

    const denied = await fetch(svc.storage.from(priv).getPublicUrl("p.txt").data.publicUrl);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });

    const attachment = await fetch(
      svc.storage.from(pub).getPublicUrl("p.txt", { download: "name.txt" }).data.publicUrl,
    );
    expect(attachment.headers.get("content-disposition")).toBe(
      "attachment; filename=name.txt; filename*=UTF-8''name.txt",
    );
    const range = await fetch(svc.storage.from(pub).getPublicUrl("p.txt").data.publicUrl, {
      headers: { range: "bytes=0-5" },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe("bytes 0-5/12");
    expect(await range.text()).toBe("public");
  });
});

describe("storage robustness", () => {
  it("answers broken uploads with a 400 and leaves nothing behind", async () => {
    const bucket = await newBucket("broken");
    const onlyFields = new FormData();
    onlyFields.append("cacheControl", "60");
    expect(wire((await svc.storage.from(bucket).upload("no-file.txt", onlyFields)).error)).toMatchObject({
      status: 400,
      code: "InvalidRequest",
      message: "No content provided",
    });

    const noBoundary = await fetch(`${supabaseUrl()}/storage/v1/object/${bucket}/bad.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "multipart/form-data" },
      body: "garbage",
    });
    expect(noBoundary.status).toBe(400);
    expect(await noBoundary.json()).toMatchObject({ statusCode: "400", code: "InvalidRequest" });

    const hugeJson = await fetch(`${supabaseUrl()}/storage/v1/object/list/${bucket}`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "application/json" },
      body: JSON.stringify({ prefix: "", search: "x".repeat(6 * 1024 * 1024) }),
    });
    expect(hugeJson.status).toBe(400);
    expect(await hugeJson.json()).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });

    expect((await svc.storage.from(bucket).list("")).data).toEqual([]);
    expect(filesOnDisk(bucket)).toEqual([]);
  });

  it("forgets an upload whose client goes away mid-body, and serves the next one", async () => {
    const bucket = await newBucket("abort");
    const url = new URL(supabaseUrl());
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: `/storage/v1/object/${bucket}/half.bin`,
        headers: {
          authorization: `Bearer ${serviceRoleKey()}`,
          "content-type": "application/octet-stream",
          "content-length": String(1024 * 1024),
        },
      });
      req.on("error", () => resolve());
      req.write(randomBytes(100_000), () => setTimeout(() => req.destroy(), 200));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(wire((await svc.storage.from(bucket).download("half.bin")).error)).toMatchObject({
      code: "NoSuchKey",
    });
    expect(filesOnDisk(bucket)).toEqual([]);

    const whole = randomBytes(2000);
    expect(
      (await svc.storage.from(bucket).upload("half.bin", whole, { contentType: "application/octet-stream" }))
        .error,
    ).toBeNull();
    expect((await downloadBytes(bucket, "half.bin")).equals(whole)).toBe(true);
  });
});

describe("storage object keys", () => {
  it("rejects keys that are malformed or would leave the bucket, through the client", async () => {
    const bucket = await newBucket("keys");
    const store = svc.storage.from(bucket);
    // The client puts the key in the URL as given; encoded separators reach the server intact.
    for (const key of [
      "a%2F..%2F..%2Fb",
      "..%2Fx",
      "a%00b",
      "a%5Cb",
      "%2Fabs",
      "a%2F%2Fb",
      "tab%09key",
      "caf%C3%A9",
    ]) {
      const { error } = await store.upload(key, new Blob(["x"]));
      expect(wire(error), key).toMatchObject({ status: 400, statusCode: "400", code: "InvalidKey" });
    }
    expect(wire((await store.download("a%2F..%2Fb")).error)).toMatchObject({ code: "InvalidKey" });
    expect(wire((await store.createSignedUrl("..%2Fx", 60)).error)).toMatchObject({ code: "InvalidKey" });
  });

  it("rejects raw paths with dot segments, backslashes, empty segments or a leading slash", async () => {
    const bucket = await newBucket("rawkeys");
    for (const key of ["../x", "a/../../b", "./a", "a\\b", "/abs", "a//b", "x/"]) {
      const res = await rawRequest("POST", `/storage/v1/object/${bucket}/${key}`);
      expect(res.status, key).toBe(400);
      expect(res.json, key).toMatchObject({ statusCode: "400", code: "InvalidKey" });
    }
    const { rows } = await db.query("select count(*)::int as n from storage.objects where bucket_id = $1", [
      bucket,
    ]);
    expect(rows[0].n).toBe(0);
    expect(filesOnDisk(bucket)).toEqual([]);
    // Nothing was written next to the bucket either.
    const storageRoot = path.join(process.env.HEARTH_TEST_STACK_DIR!, "data", "storage");
    expect(existsSync(path.join(storageRoot, "x"))).toBe(false);
    expect(existsSync(path.join(storageRoot, "b"))).toBe(false);
  });
});
