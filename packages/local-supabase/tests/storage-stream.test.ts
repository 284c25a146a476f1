// On a stack of its own (so its process can be measured and restarted): a 200 MB upload streams through the
// platform in constant memory, and buckets, rows and bytes survive a stop and start on the same directory.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStackProcess, type StackProcess } from "../../../tests/support/stack-process";

const MB = 1024 * 1024;
const TOTAL = 200 * MB;
const bucket = "st-stream";
let stack: StackProcess | undefined;

function serviceFor(s: StackProcess): SupabaseClient {
  return createClient(s.env.NEXT_PUBLIC_SUPABASE_URL!, s.env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

/** The node process serving the stack: the one running the `local-supabase` command with this STACK_DIR. */
function platformPid(stackDir: string): number {
  const candidates: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes(`STACK_DIR=${stackDir}`)) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmdline.some((a) => a.endsWith("/local-supabase"))) candidates.push(Number(entry));
    } catch {
      // Processes come and go, and some are not ours to read.
    }
  }
  if (candidates.length !== 1)
    throw new Error(`expected one platform process for ${stackDir}, found ${candidates.join(",")}`);
  return candidates[0]!;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match![1]) * 1024;
}

/** Deterministic bytes, produced on demand, so neither side ever holds the whole file. */
function generatedStream(total: number, onChunk: (chunk: Uint8Array) => void): ReadableStream<Uint8Array> {
  let sent = 0;
  let seed = 1;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(MB, total - sent));
      for (let i = 0; i < chunk.length; i += 4096) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        chunk.fill(seed & 0xff, i, i + 4096);
      }
      onChunk(chunk);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

beforeAll(async () => {
  stack = await startStackProcess();
});

afterAll(async () => {
  await stack?.stop();
  stack?.remove();
});

describe("storage streaming and persistence", () => {
  it(
    "streams a 200 MB upload and its download without holding it in memory",
    { timeout: 120_000 },
    async () => {
      const svc = serviceFor(stack!);
      expect(
        (await svc.storage.createBucket(bucket, { public: false, fileSizeLimit: "1GB" })).error,
      ).toBeNull();
      // Warm up the code paths so the baseline is the platform at work, not at rest.
      expect(
        (
          await svc.storage
            .from(bucket)
            .upload("warmup.bin", new Uint8Array(MB), { contentType: "application/octet-stream" })
        ).error,
      ).toBeNull();

      const pid = platformPid(stack!.stackDir);
      const baseline = rssBytes(pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 25);
      const md5 = createHash("md5");
      try {
        // storage-js sends a ReadableStream as a streaming (duplex: "half") request body.
        const body = generatedStream(TOTAL, (chunk) => md5.update(chunk));
        const { error } = await svc.storage
          .from(bucket)
          .upload("big.bin", body, { contentType: "application/octet-stream" });
        expect(error).toBeNull();
        const expectedMd5 = md5.digest("hex");

        const info = await svc.storage.from(bucket).info("big.bin");
        expect(info.data).toMatchObject({ size: TOTAL, etag: `"${expectedMd5}"` });

        const { data } = await svc.storage.from(bucket).createSignedUrl("big.bin", 300);
        const res = await fetch(data!.signedUrl);
        expect(res.headers.get("content-length")).toBe(String(TOTAL));
        const downloaded = createHash("md5");
        for await (const chunk of res.body!) downloaded.update(chunk);
        expect(downloaded.digest("hex")).toBe(expectedMd5);
      } finally {
        clearInterval(sampler);
      }
      // The whole file passed through; the process grew by a small fraction of it at most.
      expect(peak - baseline).toBeLessThan(TOTAL / 2.5);
    },
  );

  it(
    "keeps buckets, rows and bytes across a restart on the same directory",
    { timeout: 180_000 },
    async () => {
      const before = serviceFor(stack!);
      const bytes = Buffer.from("still here after a restart");
      expect(
        (await before.storage.createBucket("st-persist", { public: true, fileSizeLimit: 4096 })).error,
      ).toBeNull();
      expect(
        (await before.storage.from("st-persist").upload("dir/kept.txt", bytes, { contentType: "text/plain" }))
          .error,
      ).toBeNull();
      const { stackDir } = stack!;
      await stack!.stop();

      stack = await startStackProcess({ stackDir });
      const after = serviceFor(stack);
      expect((await after.storage.getBucket("st-persist")).data).toMatchObject({
        public: true,
        file_size_limit: 4096,
      });
      expect((await after.storage.from("st-persist").list("dir")).data?.map((o) => o.name)).toEqual([
        "kept.txt",
      ]);
      const down = await after.storage.from("st-persist").download("dir/kept.txt");
      expect(Buffer.from(await down.data!.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await after.storage.from(bucket).info("big.bin")).data).toMatchObject({ size: TOTAL });
      // Limits still apply after the restart.
      const tooBig = await after.storage
        .from("st-persist")
        .upload("big.txt", new Blob([new Uint8Array(5000)]));
      expect(tooBig.error).toMatchObject({ statusCode: "413" });
    },
  );
});
