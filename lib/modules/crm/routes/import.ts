import "server-only";
// POST /api/organizations/<org>/contacts/import — the CSV file as the raw request body (server actions cap bodies
// at 1 MB), read as a stream; ?columns= maps its columns to contact fields and ?duplicates= says what to do with
// rows matching an existing contact (both read in readImportRequest). The response is NDJSON: progress lines while
// reading and importing, the rejected rows with reasons, then one "done" (or "error") line. All-or-nothing: see
// ../services/import.ts.
import { failure } from "@/lib/action";
import { withOrgRoute } from "@/lib/auth/org-route";
import { AppError, type ErrorCode } from "@/lib/errors";
import { IMPORT_MAX_BYTES, importOptionsSchema, type ImportStreamLine } from "../schemas";
import { importContacts, type ImportProgress } from "../services/import";

const REJECTED_PER_LINE = 500;

/** A failure after the stream started: the same code and message a server action would give. */
function streamedError(err: unknown): { code: ErrorCode; message: string } {
  const result = failure(err, "importContacts");
  return result.ok
    ? { code: "INTERNAL", message: "Something went wrong on our side. Please try again." }
    : { code: result.error.code, message: result.error.message };
}

function fileNameOf(request: Request): string | undefined {
  try {
    return (
      decodeURIComponent(request.headers.get("x-file-name") ?? "")
        .replace(/[\u0000-\u001f]/g, "")
        .slice(0, 255) || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * Everything the import takes from the request, read in this one place: the CSV body, its size and name, and the
 * options from the query string (the column mapping and the duplicate policy, validated again by the service).
 */
function readImportRequest(request: Request) {
  if (!/^text\/csv\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Upload a .csv file (sent as text/csv).");
  }
  const length = Number(request.headers.get("content-length"));
  if (Number.isFinite(length) && length > IMPORT_MAX_BYTES) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB. Split it into smaller files.`,
    );
  }
  const query = new URL(request.url).searchParams;
  const options = importOptionsSchema.safeParse({
    duplicates: query.get("duplicates") ?? undefined,
    columns: query.get("columns") ?? undefined,
  });
  if (!options.success) {
    throw new AppError("VALIDATION", options.error.issues.map((i) => i.message).join("; "));
  }
  const body = request.body;
  if (!body) throw new AppError("VALIDATION", "The file is empty. Nothing was imported.");
  return {
    body,
    totalBytes: Number.isFinite(length) ? length : null,
    fileName: fileNameOf(request),
    mapping: options.data.columns,
    duplicates: options.data.duplicates,
  };
}

export const importContactsRoute = withOrgRoute<{ org: string }>(
  // text/csv is not a CORS-simple type, but the check also covers forms posting text/plain.
  { permission: "contacts:bulk", sameOrigin: true, name: "contact import", idempotent: true },
  async (request, ctx) => {
    const { body, ...options } = readImportRequest(request);

    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: ImportStreamLine) =>
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        let lastSent = 0;
        let lastPhase = "";
        const onProgress = (p: ImportProgress) => {
          const now = Date.now();
          // At most ~10 lines a second, but always the first of a phase and the last.
          if (p.phase !== lastPhase || p.done === p.total || now - lastSent > 100) {
            lastSent = now;
            lastPhase = p.phase;
            send({ type: "progress", ...p });
          }
        };
        try {
          const result = await importContacts(ctx, body, { ...options, onProgress });
          for (let i = 0; i < result.rejected.length; i += REJECTED_PER_LINE) {
            send({ type: "rejected", rows: result.rejected.slice(i, i + REJECTED_PER_LINE) });
          }
          send({
            type: "done",
            imported: result.imported,
            created: result.created,
            updated: result.updated,
            skipped: result.skipped,
            rejected: result.rejected.length,
            rows: result.rows,
            header: result.header,
            ignoredColumns: result.ignoredColumns,
            duplicates: result.duplicates,
          });
        } catch (err) {
          send({ type: "error", error: streamedError(err) });
        }
        controller.close();
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
