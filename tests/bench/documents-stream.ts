// Benchmark: throughput and retained memory of the document crypto pipeline (encrypt → verified decrypt)
// for a large generated file, in constant memory.
//   npx tsx --conditions=react-server tests/bench/documents-stream.ts [megabytes=1024]
import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { createDecryptStream, createEncryptStream } from "../../lib/storage/chunked-cipher";
import { generateDataKey } from "../../lib/storage/envelope";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const MB = 1024 * 1024;
/** Two collections with a turn of the event loop between them, so freed buffers are really released. */
async function settle() {
  gc();
  await new Promise((r) => setImmediate(r));
  gc();
}

async function main() {
  const total = Number(process.argv[2] ?? 1024) * MB;
  const key = generateDataKey();
  const binding = { organizationId: "00000000-0000-4000-8000-000000000001", documentId: "00000000-0000-4000-8000-000000000002" };
  const chunk = new Uint8Array(64 * 1024).fill(7);
  let sent = 0;
  const source = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (sent >= total) return c.close();
        sent += chunk.length;
        c.enqueue(chunk.slice());
      },
    },
    { highWaterMark: 0 },
  );
  await settle();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakLive = 0;
  const hash = createHash("sha256");
  const started = performance.now();
  const reader = source
    .pipeThrough(createEncryptStream(key, binding, { contentKeyVersion: 1 }))
    .pipeThrough(createDecryptStream(key, binding, { size: total }))
    .getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    received += value.length;
    if (received % (64 * MB) < value.length) {
      await settle();
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakLive = Math.max(peakLive, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.info(
    `[bench] ${total / MB} MB encrypt+decrypt in ${seconds.toFixed(2)} s (${(total / MB / seconds).toFixed(0)} MB/s); ` +
      `retained heap+buffers ≤ ${(peakLive / MB).toFixed(1)} MB, RSS growth ${((peakRss - base.rss) / MB).toFixed(1)} MB`,
  );
  if (received !== total) throw new Error("size mismatch");
}

void main();
