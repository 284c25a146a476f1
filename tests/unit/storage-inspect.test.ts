// Upload inspection: the type comes from the bytes against an allowlist (with the plain-text rule), the size
// limit holds while streaming, and a refused file stops the stream early.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createInspector, SNIFF_BYTES, type InspectorOptions } from "@/lib/storage/inspect";
import {
  countingStream,
  docxBytes,
  exeBytes,
  pdfBytes,
  pngBytes,
  zipBytes,
} from "../../scripts/lib/sample-files";

async function inspect(bytes: Uint8Array, opts: Partial<InspectorOptions> = {}, piece = 1000) {
  const inspector = createInspector({ maxBytes: 10 * 1024 * 1024, ...opts });
  const { stream, pulled } = countingStream(bytes, piece);
  const parts: Uint8Array[] = [];
  let error: unknown;
  try {
    const reader = stream.pipeThrough(inspector.stream).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
  } catch (e) {
    error = e;
  }
  return { inspector, error, out: Buffer.concat(parts), pulled: pulled() };
}

const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe("type sniffing", () => {
  it.each([
    ["PDF", pdfBytes(), "application/pdf"],
    ["PNG", pngBytes(), "image/png"],
    ["Word document", docxBytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["plain text", Buffer.from("Offer: $450,000\r\nClosing\tMay 1\n"), "text/plain"],
    ["UTF-8 text with BOM and accents", Buffer.from("\uFEFFKaufvertrag für Müller — 5 €\n"), "text/plain"],
  ])("accepts %s as %s and passes every byte through with its sha256", async (_name, bytes, mime) => {
    const r = await inspect(bytes);
    expect(r.error).toBeUndefined();
    expect(r.inspector.result).toEqual({
      mime,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(r.out.equals(bytes)).toBe(true);
  });

  it.each([
    ["a Windows executable", exeBytes()],
    ["a plain zip", zipBytes([{ name: "a.txt", data: "hello" }])],
    ["text with a NUL", Buffer.from("hello\u0000world")],
    ["invalid UTF-8", Buffer.from([0x68, 0x69, 0xc3, 0x28])],
    ["text ending inside a multi-byte character", Buffer.from([0x68, 0x69, 0xe2, 0x82])],
    ["text with an escape sequence", Buffer.from("\u001b[31mred\n")],
    ["UTF-16 text", Buffer.from("\uFEFFhello", "utf16le")],
  ])("refuses %s with UNSUPPORTED_MEDIA_TYPE", async (_name, bytes) => {
    const r = await inspect(bytes);
    expect(code(r.error)).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(r.inspector.failure?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(r.inspector.result).toBeUndefined();
  });

  it("refuses an executable after the sniffed sample, without reading the rest or passing anything on", async () => {
    const r = await inspect(exeBytes(5 * 1024 * 1024), {}, 4096);
    expect(code(r.error)).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(r.out.length).toBe(0);
    expect(r.pulled).toBeLessThanOrEqual(SNIFF_BYTES + 3 * 4096);
  });

  it("refuses text that turns binary after the sniffed sample, at the end of the stream", async () => {
    const bytes = Buffer.concat([
      Buffer.alloc(SNIFF_BYTES * 2, "a"),
      Buffer.from([0, 1, 2]),
      Buffer.alloc(100, "b"),
    ]);
    const r = await inspect(bytes, {}, 8192);
    expect(code(r.error)).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(r.inspector.result).toBeUndefined();
  });
});

describe("size limits", () => {
  it("refuses a body over the limit while streaming, as soon as it crosses it", async () => {
    const r = await inspect(Buffer.alloc(200_000, "a"), { maxBytes: 100_000 }, 1000);
    expect(code(r.error)).toBe("PAYLOAD_TOO_LARGE");
    expect(r.pulled).toBeLessThanOrEqual(100_000 + 3000);
  });
  it("accepts exactly the limit", async () => {
    const r = await inspect(Buffer.alloc(100_000, "a"), { maxBytes: 100_000 });
    expect(r.error).toBeUndefined();
    expect(r.inspector.result?.size).toBe(100_000);
  });
  it("refuses an empty file and a body that doesn't match its Content-Length", async () => {
    expect(code((await inspect(Buffer.alloc(0))).error)).toBe("VALIDATION");
    expect(code((await inspect(pdfBytes(), { declaredLength: pdfBytes().length + 10 })).error)).toBe(
      "VALIDATION",
    );
    expect(code((await inspect(pdfBytes(), { declaredLength: 10 })).error)).toBe("VALIDATION");
    expect((await inspect(pdfBytes(), { declaredLength: pdfBytes().length })).error).toBeUndefined();
  });
});
