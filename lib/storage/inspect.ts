import "server-only";
// What may be stored as a document, decided from the bytes alone (the declared Content-Type and the file name
// are never trusted), while the upload streams through: a size limit, a type sniffed from the first bytes
// against an allowlist, and the plaintext's sha256 and length.
//
// Plain text has no magic number. Rule: when no known signature matches, the file is accepted as text/plain
// only if ALL of it is valid UTF-8 (an optional BOM allowed) with no NUL and no control characters other
// than tab, line feed, form feed and carriage return. That admits .txt/.csv/.md, refuses every binary format
// without a signature (and UTF-16 text, which is full of NULs), and whatever is admitted is served back as
// `text/plain; charset=utf-8` with `nosniff` as an attachment, so a browser never renders it as HTML.
// Because the whole file must be checked, a text upload that turns binary late is refused at the end of the
// stream — the upload then fails as a whole and nothing is stored.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../errors";

export const TEXT_PLAIN = "text/plain";

/** Sniffed MIME type → what people call it. Anything else is refused. */
export const ALLOWED_DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG image",
  "image/png": "PNG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
  "image/heic": "HEIC image",
  "image/heif": "HEIF image",
  "image/avif": "AVIF image",
  "image/tiff": "TIFF image",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation",
  "application/vnd.oasis.opendocument.text": "OpenDocument text",
  "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
  "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
  [TEXT_PLAIN]: "Plain text",
};

export const ALLOWED_TYPES_SUMMARY =
  "PDF, images (JPEG, PNG, GIF, WebP, HEIC, AVIF, TIFF), Word, Excel, PowerPoint, OpenDocument and plain text";

/** Bytes sniffed before anything is passed on (Office files need their first zip entry). */
export const SNIFF_BYTES = 64 * 1024;

// C0 controls except \t \n \f \r, and DEL.
const FORBIDDEN_TEXT_CHARS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

export interface Inspection {
  mime: string;
  size: number;
  sha256: string;
}

export interface InspectorOptions {
  maxBytes: number;
  /** Content-Length, when the client sent one: the body must be exactly that long. */
  declaredLength?: number;
  sniffBytes?: number;
}

export interface Inspector {
  stream: TransformStream<Uint8Array, Uint8Array>;
  /** Set when the inspector refused the input (too large, type not allowed, empty, incomplete). */
  readonly failure: AppError | undefined;
  /** Set once the whole input passed. */
  readonly result: Inspection | undefined;
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `That file is larger than the ${formatBytes(maxBytes)} limit.`, {
    details: { maxBytes },
  });
}

export function typeRefused(detected?: string): AppError {
  return new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    `That file type isn't allowed. Upload ${ALLOWED_TYPES_SUMMARY}.`,
    {
      details: detected ? { detected } : undefined,
    },
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
}

/** The sniffed type of a sample (the start of the file, or all of it when shorter). */
export async function sniffType(
  sample: Uint8Array,
): Promise<{ mime: string } | { refused: string } | { text: true }> {
  const detected = await fileTypeFromBuffer(sample);
  if (!detected) return { text: true };
  if (detected.mime === TEXT_PLAIN || !(detected.mime in ALLOWED_DOCUMENT_TYPES))
    return { refused: detected.mime };
  return { mime: detected.mime };
}

/** Streaming UTF-8 + control character check for the plain-text rule. */
class TextRule {
  private decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  check(chunk: Uint8Array, last = false): boolean {
    try {
      const text = last ? this.decoder.decode(chunk) : this.decoder.decode(chunk, { stream: true });
      return !FORBIDDEN_TEXT_CHARS.test(text);
    } catch {
      return false;
    }
  }
}

export function createInspector(opts: InspectorOptions): Inspector {
  const sniffBytes = opts.sniffBytes ?? SNIFF_BYTES;
  const hash = createHash("sha256");
  let size = 0;
  let sample: Uint8Array[] | undefined = [];
  let sampleBytes = 0;
  let mime: string | undefined;
  let text: TextRule | undefined;
  let failure: AppError | undefined;
  let result: Inspection | undefined;

  const fail = (err: AppError): never => {
    failure = err;
    throw err;
  };
  const decide = async (): Promise<Uint8Array> => {
    const bytes = Buffer.concat(sample!);
    sample = undefined;
    const sniffed = await sniffType(bytes);
    if ("refused" in sniffed) fail(typeRefused(sniffed.refused));
    else if ("mime" in sniffed) mime = sniffed.mime;
    else {
      mime = TEXT_PLAIN;
      text = new TextRule();
    }
    if (text && !text.check(bytes)) fail(typeRefused());
    return bytes;
  };

  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > opts.maxBytes) fail(tooLarge(opts.maxBytes));
      if (opts.declaredLength !== undefined && size > opts.declaredLength) fail(incomplete());
      hash.update(chunk);
      if (sample) {
        sample.push(chunk);
        sampleBytes += chunk.byteLength;
        if (sampleBytes >= sniffBytes) controller.enqueue(await decide());
        return;
      }
      if (text && !text.check(chunk)) fail(typeRefused());
      controller.enqueue(chunk);
    },
    async flush(controller) {
      if (size === 0) fail(new AppError("VALIDATION", "That file is empty."));
      if (opts.declaredLength !== undefined && size !== opts.declaredLength) fail(incomplete());
      if (sample) controller.enqueue(await decide());
      if (text && !text.check(new Uint8Array(0), true)) fail(typeRefused());
      result = { mime: mime!, size, sha256: hash.digest("hex") };
    },
  });
  return {
    stream,
    get failure() {
      return failure;
    },
    get result() {
      return result;
    },
  };
}

function incomplete(): AppError {
  return new AppError("VALIDATION", "The upload didn't complete. Please try again.");
}
