// Storage buckets through the official client: create/get/list/update/delete/empty, size limits in both forms,
// RLS on storage.buckets for users, and the authentication and malformed-request failures of the whole service.
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { anonKey, serviceClient, serviceRoleKey, supabaseUrl } from "../../../tests/support/supabase";
import { mintToken, tamper, unsignedToken } from "../../../tests/support/tokens";

const svc = serviceClient();
const created: string[] = [];

function newBucketId(tag: string) {
  const id = `st-${tag}-${randomUUID().slice(0, 8)}`;
  created.push(id);
  return id;
}

function clientWithToken(token: string): SupabaseClient {
  return createClient(supabaseUrl(), anonKey(), {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

async function userClient() {
  const sub = randomUUID();
  return clientWithToken(await mintToken({ sub, email: `${sub}@example.test` }));
}

/** The parts of a StorageApiError the wire decides. */
function wire(error: unknown) {
  const e = error as { status?: number; statusCode?: string; code?: string; message?: string } | null;
  return e && { status: e.status, statusCode: e.statusCode, code: e.code, message: e.message };
}

afterAll(async () => {
  for (const id of created) {
    await svc.storage.emptyBucket(id);
    await svc.storage.deleteBucket(id);
  }
});

describe("storage buckets", () => {
  it("creates, reads, lists, updates and deletes a bucket with its limits", async () => {
    const id = newBucketId("crud");
    const create = await svc.storage.createBucket(id, {
      public: false,
      fileSizeLimit: "50MB",
      allowedMimeTypes: ["image/*", "application/pdf"],
    });
    expect(create).toEqual({ data: { name: id }, error: null });

    const got = await svc.storage.getBucket(id);
    expect(got.error).toBeNull();
    expect(got.data).toMatchObject({
      id,
      name: id,
      public: false,
      file_size_limit: 50_000_000,
      allowed_mime_types: ["image/*", "application/pdf"],
    });
    expect(Date.parse(got.data!.created_at)).not.toBeNaN();

    const listed = await svc.storage.listBuckets();
    expect(listed.data?.find((b) => b.id === id)).toMatchObject({
      id,
      public: false,
      file_size_limit: 50_000_000,
    });

    const searched = await svc.storage.listBuckets({ search: id, limit: 5 });
    expect(searched.data?.map((b) => b.id)).toEqual([id]);

    const update = await svc.storage.updateBucket(id, {
      public: true,
      fileSizeLimit: 1024,
      allowedMimeTypes: null,
    });
    expect(update).toEqual({ data: { message: "Successfully updated" }, error: null });
    expect((await svc.storage.getBucket(id)).data).toMatchObject({
      public: true,
      file_size_limit: 1024,
      allowed_mime_types: null,
    });

    expect(await svc.storage.deleteBucket(id)).toEqual({
      data: { message: "Successfully deleted" },
      error: null,
    });
    const gone = await svc.storage.getBucket(id);
    expect(wire(gone.error)).toEqual({
      status: 400,
      statusCode: "404",
      code: "NoSuchBucket",
      message: "Bucket not found",
    });
  });

  it("refuses a duplicate bucket, a bad name, a bad size limit and an unknown MIME pattern", async () => {
    const id = newBucketId("dup");
    expect((await svc.storage.createBucket(id)).error).toBeNull();
    expect(wire((await svc.storage.createBucket(id)).error)).toEqual({
      status: 400,
      statusCode: "409",
      code: "BucketAlreadyExists",
      message: "The resource already exists",
    });
    expect(wire((await svc.storage.createBucket("bad/name")).error)).toMatchObject({
      statusCode: "400",
      code: "InvalidBucketName",
    });
    expect(
      wire(
        (await svc.storage.createBucket(newBucketId("size"), { public: false, fileSizeLimit: "12XB" })).error,
      ),
    ).toMatchObject({
      status: 400,
      code: "InvalidRequest",
      message: expect.stringContaining("Invalid file size format"),
    });
    expect(
      wire(
        (
          await svc.storage.createBucket(newBucketId("mime"), {
            public: false,
            allowedMimeTypes: ["not a type"],
          })
        ).error,
      ),
    ).toMatchObject({ statusCode: "415", code: "InvalidMimeType" });
    expect(
      wire(
        (await svc.storage.createBucket(newBucketId("huge"), { public: false, fileSizeLimit: "900GB" }))
          .error,
      ),
    ).toMatchObject({ statusCode: "413", code: "EntityTooLarge" });
  });

  it("will not delete a bucket that still holds objects, until it is emptied", async () => {
    const id = newBucketId("full");
    await svc.storage.createBucket(id);
    await svc.storage.from(id).upload("one.txt", new Blob(["1"]));
    await svc.storage.from(id).upload("dir/two.txt", new Blob(["2"]));

    expect(wire((await svc.storage.deleteBucket(id)).error)).toEqual({
      status: 400,
      statusCode: "409",
      code: "ResourceNotEmpty",
      message: "The bucket you tried to delete is not empty",
    });
    expect((await svc.storage.emptyBucket(id)).error).toBeNull();
    expect((await svc.storage.from(id).list("")).data).toEqual([]);
    expect((await svc.storage.deleteBucket(id)).error).toBeNull();
  });

  it("keeps buckets behind RLS for users: no policy, no bucket", async () => {
    const user = await userClient();
    const id = newBucketId("rls");
    expect(wire((await user.storage.createBucket(id)).error)).toEqual({
      status: 400,
      statusCode: "403",
      code: "AccessDenied",
      message: "new row violates row-level security policy",
    });
    await svc.storage.createBucket(id);
    expect((await user.storage.listBuckets()).data?.some((b) => b.id === id)).toBe(false);
    expect(wire((await user.storage.getBucket(id)).error)).toMatchObject({
      statusCode: "404",
      code: "NoSuchBucket",
    });
    expect(wire((await user.storage.deleteBucket(id)).error)).toMatchObject({
      statusCode: "404",
      code: "NoSuchBucket",
    });
    expect((await svc.storage.getBucket(id)).error).toBeNull();
  });

  it("lets only the service role empty a bucket (403)", async () => {
    const id = newBucketId("empty");
    await svc.storage.createBucket(id);
    await svc.storage.from(id).upload("keep.txt", new Blob(["keep"]));
    const user = await userClient();
    expect(wire((await user.storage.emptyBucket(id)).error)).toEqual({
      status: 403,
      statusCode: "403",
      code: "AccessDenied",
      message: "Access denied: Invalid role",
    });
    expect((await svc.storage.from(id).list("")).data?.map((o) => o.name)).toEqual(["keep.txt"]);
  });
});

describe("storage authentication", () => {
  it("rejects a request without a bearer token", async () => {
    // storage-js always sends a bearer token; only a bare request can leave it out.
    const res = await fetch(`${supabaseUrl()}/storage/v1/bucket`, { headers: { apikey: anonKey() } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      statusCode: "403",
      code: "AccessDenied",
      error: "Unauthorized",
    });
  });

  it("rejects tampered, expired, unsigned and wrongly-keyed tokens", async () => {
    const sub = randomUUID();
    const good = await mintToken({ sub });
    const cases: Array<[string, string, RegExp]> = [
      ["tampered", tamper(good, { sub: randomUUID() }), /signature verification failed/],
      ["expired", await mintToken({ sub }, { expiresIn: -10 }), /"exp" claim timestamp check failed/],
      ["unsigned", unsignedToken({ sub }), /alg/],
      ["service role claim, bad signature", tamper(serviceRoleKey(), { ref: "other" }), /signature/],
      ["garbage", "not-a-jwt", /Invalid Compact JWS/],
    ];
    for (const [name, token, message] of cases) {
      const { error } = await clientWithToken(token).storage.listBuckets();
      expect(wire(error), name).toMatchObject({ status: 400, statusCode: "403", code: "AccessDenied" });
      expect(error?.message, name).toMatch(message);
    }
  });

  it("refuses a token whose role is not an API role", async () => {
    const token = await mintToken({ sub: randomUUID(), role: "postgres" });
    const { error } = await clientWithToken(token).storage.listBuckets();
    expect(wire(error)).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: "Access denied: Invalid role",
    });
  });
});

describe("storage robustness", () => {
  it("answers malformed JSON with a 400 and keeps serving", async () => {
    const res = await fetch(`${supabaseUrl()}/storage/v1/bucket`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "application/json" },
      body: '{"name": "x", ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: "400", code: "InvalidRequest" });

    const wrongType = await fetch(`${supabaseUrl()}/storage/v1/bucket`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceRoleKey()}`, "content-type": "application/json" },
      body: JSON.stringify({ name: 42 }),
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      code: "InvalidRequest",
      message: "body/name must be string",
    });

    expect((await svc.storage.listBuckets()).error).toBeNull();
  });

  it("answers an unknown route with Storage's 404", async () => {
    const res = await fetch(`${supabaseUrl()}/storage/v1/nothing/here`, {
      headers: { authorization: `Bearer ${serviceRoleKey()}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      statusCode: "404",
      code: "InvalidRequest",
      error: "Not Found",
      message: "Route GET:/nothing/here not found",
    });
  });
});
