// Storage authorizes users with the RLS policies on storage.objects: a user reads and writes only their own
// folder, another user and anon see nothing, and a refused upload leaves neither a row nor bytes behind.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClient, anonKey, serviceClient, supabaseUrl } from "../../../tests/support/supabase";
import { mintToken } from "../../../tests/support/tokens";

const svc = serviceClient();
const bucket = `st-rls-${randomUUID().slice(0, 8)}`;
const policyPrefix = `${bucket} own folder`;
let db: pg.Client;

interface User {
  id: string;
  client: SupabaseClient;
}

async function newUser(): Promise<User> {
  const id = randomUUID();
  const token = await mintToken({ sub: id, email: `${id}@example.test` });
  const client = createClient(supabaseUrl(), anonKey(), {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  return { id, client };
}

function wire(error: unknown) {
  const e = error as { status?: number; statusCode?: string; code?: string; message?: string } | null;
  return e && { status: e.status, statusCode: e.statusCode, code: e.code, message: e.message };
}

function filesOnDisk(): number {
  const dir = path.join(process.env.HEARTH_TEST_STACK_DIR!, "data", "storage", encodeURIComponent(bucket));
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function rowCount(): Promise<number> {
  const { rows } = await db.query("select count(*)::int as n from storage.objects where bucket_id = $1", [
    bucket,
  ]);
  return rows[0].n;
}

const rlsDenied = {
  status: 400,
  statusCode: "403",
  code: "AccessDenied",
  message: "new row violates row-level security policy",
};

let alice: User;
let bob: User;

beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  expect((await svc.storage.createBucket(bucket, { public: false })).error).toBeNull();
  const own = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text`;
  for (const [cmd, clause] of [
    ["select", `using (${own})`],
    ["insert", `with check (${own})`],
    ["update", `using (${own}) with check (${own})`],
    ["delete", `using (${own})`],
  ] as const) {
    await db.query(
      `create policy "${policyPrefix} ${cmd}" on storage.objects for ${cmd} to authenticated ${clause}`,
    );
  }
  alice = await newUser();
  bob = await newUser();
});

afterAll(async () => {
  for (const cmd of ["select", "insert", "update", "delete"]) {
    await db.query(`drop policy if exists "${policyPrefix} ${cmd}" on storage.objects`);
  }
  await svc.storage.emptyBucket(bucket);
  await svc.storage.deleteBucket(bucket);
  await db.end();
});

describe("storage RLS", () => {
  it("lets a user write, read, list and replace objects in their own folder, owned by them", async () => {
    const bytes = randomBytes(2048);
    const up = await alice.client.storage
      .from(bucket)
      .upload(`${alice.id}/notes.bin`, bytes, { contentType: "application/octet-stream" });
    expect(up.error).toBeNull();
    const { rows } = await db.query(
      "select owner, owner_id from storage.objects where bucket_id = $1 and name = $2",
      [bucket, `${alice.id}/notes.bin`],
    );
    expect(rows[0]).toEqual({ owner: alice.id, owner_id: alice.id });

    const down = await alice.client.storage.from(bucket).download(`${alice.id}/notes.bin`);
    expect(down.error).toBeNull();
    expect(Buffer.from(await down.data!.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await alice.client.storage.from(bucket).list(alice.id)).data?.map((o) => o.name)).toEqual([
      "notes.bin",
    ]);

    const replaced = await alice.client.storage
      .from(bucket)
      .upload(`${alice.id}/notes.bin`, new Blob(["v2"]), { upsert: true });
    expect(replaced.error).toBeNull();
    expect(
      await (await alice.client.storage.from(bucket).download(`${alice.id}/notes.bin`)).data?.text(),
    ).toBe("v2");
    const signed = await alice.client.storage.from(bucket).createSignedUrl(`${alice.id}/notes.bin`, 60);
    expect(signed.error).toBeNull();
  });

  it("refuses an upload outside the user's folder and leaves no row and no bytes", async () => {
    const rowsBefore = await rowCount();
    const filesBefore = filesOnDisk();
    const multipart = await alice.client.storage
      .from(bucket)
      .upload(`${bob.id}/planted.txt`, new Blob(["x".repeat(10_000)]));
    expect(wire(multipart.error)).toEqual(rlsDenied);
    const raw = await alice.client.storage.from(bucket).upload(`shared/planted.txt`, randomBytes(10_000), {
      contentType: "application/octet-stream",
    });
    expect(wire(raw.error)).toEqual(rlsDenied);
    expect(await rowCount()).toBe(rowsBefore);
    expect(filesOnDisk()).toBe(filesBefore);
  });

  it("hides one user's objects from another user: read, list, listV2, sign, move, remove", async () => {
    const key = `${alice.id}/private.txt`;
    expect((await alice.client.storage.from(bucket).upload(key, new Blob(["alice only"]))).error).toBeNull();
    const store = bob.client.storage.from(bucket);

    expect(wire((await store.download(key)).error)).toMatchObject({ statusCode: "404", code: "NoSuchKey" });
    expect((await store.exists(key)).data).toBe(false);
    expect((await store.list(alice.id)).data).toEqual([]);
    expect((await store.listV2({ prefix: alice.id })).data).toEqual({
      hasNext: false,
      folders: [],
      objects: [],
    });
    const mine = await alice.client.storage.from(bucket).listV2({ prefix: `${alice.id}/private` });
    expect(mine.data?.objects.map((o) => o.name)).toEqual([key]);
    expect(wire((await store.createSignedUrl(key, 60)).error)).toMatchObject({
      statusCode: "404",
      code: "NoSuchKey",
    });
    const bulk = await store.createSignedUrls([key], 60);
    expect(bulk.data?.[0]).toMatchObject({
      signedURL: null,
      error: "Either the object does not exist or you do not have access to it",
    });
    expect(wire((await store.move(key, `${bob.id}/stolen.txt`)).error)).toMatchObject({ code: "NoSuchKey" });
    expect(wire((await store.copy(key, `${bob.id}/stolen.txt`)).error)).toMatchObject({ code: "NoSuchKey" });
    expect((await store.remove([key])).data).toEqual([]);
    expect(wire((await store.upload(key, new Blob(["overwrite"]), { upsert: true })).error)).toMatchObject({
      statusCode: "403",
    });

    expect(await (await alice.client.storage.from(bucket).download(key)).data?.text()).toBe("alice only");
  });

  it("gives anon nothing without a policy for anon", async () => {
    const key = `${alice.id}/anon-check.txt`;
    await alice.client.storage.from(bucket).upload(key, new Blob(["secret"]));
    const anon = anonClient().storage.from(bucket);
    expect(wire((await anon.download(key)).error)).toMatchObject({ statusCode: "404", code: "NoSuchKey" });
    expect((await anon.list(alice.id)).data).toEqual([]);
    expect(wire((await anon.upload(`${alice.id}/anon.txt`, new Blob(["a"]))).error)).toEqual(rlsDenied);
    // Without any token, a private bucket does not even exist for the caller.
    const bare = await fetch(`${supabaseUrl()}/storage/v1/object/${bucket}/${key}`);
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });
  });

  it("lets a user move and delete inside their folder", async () => {
    const store = alice.client.storage.from(bucket);
    await store.upload(`${alice.id}/old.txt`, new Blob(["moving"]));
    expect((await store.move(`${alice.id}/old.txt`, `${alice.id}/new.txt`)).error).toBeNull();
    expect(wire((await store.move(`${alice.id}/new.txt`, `${bob.id}/new.txt`)).error)).toEqual(rlsDenied);
    const removed = await store.remove([`${alice.id}/new.txt`]);
    expect(removed.data?.map((o) => o.name)).toEqual([`${alice.id}/new.txt`]);
    expect(wire((await store.download(`${alice.id}/new.txt`)).error)).toMatchObject({ code: "NoSuchKey" });
  });
});
