// The private `documents` bucket holds ciphertext that only the server writes and reads (with the service role).
// A member's own JWT, through the official supabase-js Storage client, gets nothing: no write of any kind under
// their organization's prefix or anyone else's, and no read of any organization's objects (issue 10 §2).
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTenant, type TestTenant } from "../support/factories";
import { anonKey, serviceClient, supabaseUrl } from "../support/supabase";
import { mintToken } from "../support/tokens";

const BUCKET = "documents";
let A: TestTenant;
let B: TestTenant;
let member: SupabaseClient;
let db: pg.Client;
const keyA = () => `${A.org.id}/transactions/${randomUUID()}/${randomUUID()}`;
let objectA: string;
let objectB: string;
const ciphertext = Buffer.from("HEARTH-ENCRYPTED-PLACEHOLDER");

async function objectBytes(path: string): Promise<Buffer | null> {
  const { data, error } = await serviceClient().storage.from(BUCKET).download(path);
  return error ? null : Buffer.from(await data.arrayBuffer());
}

beforeAll(async () => {
  A = await seedTenant({ roles: ["OWNER", "MEMBER"] });
  B = await seedTenant({ roles: ["OWNER"] });
  objectA = keyA();
  objectB = `${B.org.id}/transactions/${randomUUID()}/${randomUUID()}`;
  for (const path of [objectA, objectB]) {
    const { error } = await serviceClient()
      .storage.from(BUCKET)
      .upload(path, ciphertext, { contentType: "application/octet-stream" });
    expect(error).toBeNull();
  }
  const user = A.users.MEMBER!;
  const token = await mintToken({ sub: user.id, email: user.email, session_id: randomUUID() });
  member = createClient(supabaseUrl(), anonKey(), {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await serviceClient().storage.from(BUCKET).remove([objectA, objectB]);
  await db.end();
});

describe("the documents bucket with a member's own JWT", () => {
  it("refuses every write: new object, overwrite, update, move, copy and remove — in the member's own organization", async () => {
    const store = member.storage.from(BUCKET);
    const attempts = {
      upload: await store.upload(keyA(), Buffer.from("planted"), { contentType: "application/octet-stream" }),
      overwrite: await store.upload(objectA, Buffer.from("overwritten"), { upsert: true }),
      update: await store.update(objectA, Buffer.from("overwritten")),
      move: await store.move(objectA, keyA()),
      copy: await store.copy(objectA, keyA()),
      signedUpload: await store.createSignedUploadUrl(keyA()),
    };
    for (const [name, result] of Object.entries(attempts)) {
      expect(result.error, `${name} should be refused`).not.toBeNull();
    }
    const removed = await store.remove([objectA]);
    expect(removed.data ?? []).toEqual([]); // Storage answers a remove it may not do with an empty list
    // Nothing changed: the teammate's object is intact and nothing new appeared under A's prefix.
    expect(await objectBytes(objectA)).toEqual(ciphertext);
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from storage.objects where bucket_id = $1 and name like $2`,
      [BUCKET, `${A.org.id}/%`],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("refuses every read of another organization's objects (and of its own: only the server reads ciphertext)", async () => {
    const store = member.storage.from(BUCKET);
    for (const path of [objectB, objectA]) {
      expect((await store.download(path)).error, `download ${path}`).not.toBeNull();
      expect((await store.createSignedUrl(path, 60)).error, `sign ${path}`).not.toBeNull();
      expect((await store.exists(path)).data, `exists ${path}`).toBe(false);
    }
    for (const prefix of [B.org.id, A.org.id]) {
      const listed = await store.list(`${prefix}/transactions`);
      expect(listed.data ?? []).toEqual([]);
    }
  });

  it("the service role (the app's server) still reads and writes the bucket", async () => {
    expect(await objectBytes(objectB)).toEqual(ciphertext);
  });
});
