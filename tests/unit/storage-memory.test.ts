// Constant memory: 200 MB streamed through encryption and verified decryption (the upload and download
// pipelines' crypto) while the process's memory grows by a small fraction of that.
import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { createDecryptStream, createEncryptStream } from "@/lib/storage/chunked-cipher";
import { generateDataKey } from "@/lib/storage/envelope";

const MB = 1024 * 1024;
// Collect garbage before each sample, so what is measured is what the pipeline retains, not what V8 hasn't
// bothered to collect yet.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
/** Two collections with a turn of the event loop between them, so freed buffers are really released. */
async function settle() {
  gc();
  await new Promise((r) => setImmediate(r));
  gc();
}
const TOTAL = 200 * MB;

function generated(total: number, onChunk: (c: Uint8Array) => void): ReadableStream<Uint8Array> {
  let sent = 0;
  let seed = 7;
  return new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent >= total) return c.close();
        const chunk = new Uint8Array(Math.min(64 * 1024, total - sent));
        for (let i = 0; i < chunk.length; i += 4096) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          chunk.fill(seed & 0xff, i, i + 4096);
        }
        onChunk(chunk);
        sent += chunk.length;
        c.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

describe("streaming encryption memory", () => {
  it("encrypts and decrypts 200 MB with memory growth far below the size", { timeout: 120_000 }, async () => {
    const key = generateDataKey();
    const binding = {
      organizationId: "00000000-0000-4000-8000-000000000001",
      documentId: "00000000-0000-4000-8000-000000000002",
    };
    const inHash = createHash("sha256");
    const outHash = createHash("sha256");
    const mem = () => {
      const m = process.memoryUsage();
      return { rss: m.rss, live: m.heapUsed + m.arrayBuffers };
    };
    await settle();
    const base = mem();
    let peak = { ...base };
    let firstHalfRss = base.rss;
    let bytes = 0;
    const reader = generated(TOTAL, (c) => inHash.update(c))
      .pipeThrough(createEncryptStream(key, binding, { contentKeyVersion: 1 }))
      .pipeThrough(createDecryptStream(key, binding, { size: TOTAL }))
      .getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      outHash.update(value);
      bytes += value.length;
      if (bytes % (8 * MB) < value.length) {
        await settle();
        const m = mem();
        peak = { rss: Math.max(peak.rss, m.rss), live: Math.max(peak.live, m.live) };
        if (bytes <= TOTAL / 2) firstHalfRss = peak.rss;
      }
    }
    expect(bytes).toBe(TOTAL);
    expect(outHash.digest("hex")).toBe(inHash.digest("hex"));
    const growth = { rss: (peak.rss - base.rss) / MB, live: (peak.live - base.live) / MB };
    console.info(
      `[memory] 200 MB round trip: peak RSS growth ${growth.rss.toFixed(1)} MB, heap+buffers growth ${growth.live.toFixed(1)} MB`,
    );
    // What the pipeline retains stays at a few chunks; RSS (allocator arenas) levels off instead of following
    // the bytes: the second 100 MB add next to nothing to the first 100 MB's peak.
    expect(growth.live).toBeLessThan(16);
    expect(growth.rss).toBeLessThan(100);
    expect((peak.rss - firstHalfRss) / MB).toBeLessThan(16);
  });
});
