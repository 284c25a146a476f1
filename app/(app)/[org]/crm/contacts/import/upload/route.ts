// POST /[org]/crm/contacts/import/upload — the CSV file as the raw request body (server actions cap bodies at
// 1 MB), read as a stream. Authorization happens here, not in proxy.ts. The response is NDJSON: progress
// lines while reading and importing, the rejected rows with reasons, then one "done" (or "error") line.
// All-or-nothing: see lib/modules/crm/services/import.ts.
import { failure } from "@/lib/action";
import { authorize, type AuthContext } from "@/lib/auth/authorize";
import { AppError, HTTP_STATUS, type ErrorCode } from "@/lib/errors";
import { importContacts, type ImportProgress } from "@/lib/modules/crm";
import { IMPORT_MAX_BYTES, type ImportStreamLine } from "@/lib/modules/crm/schemas";

export const dynamic = "force-dynamic";

const REJECTED_PER_LINE = 500;

function errorOf(err: unknown): { code: ErrorCode; message: string } {
  const result = failure(err, "importContacts");
  return result.ok
    ? { code: "INTERNAL", message: "Something went wrong on our side. Please try again." }
    : { code: result.error.code, message: result.error.message };
}

function refuse(err: unknown): Response {
  const error = errorOf(err);
  return Response.json(
    { error },
    { status: HTTP_STATUS[error.code], headers: { "cache-control": "no-store" } },
  );
}

export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  let ctx: AuthContext;
  try {
    ctx = await authorize({ organization: org, feature: "crm", permission: "contacts:bulk" });
  } catch (err) {
    return refuse(err);
  }
  // Same-origin only: text/csv is not a CORS-simple type, and a browser always sends Origin on POST.
  const origin = request.headers.get("origin");
  if (
    origin &&
    new URL(origin).host !== (request.headers.get("x-forwarded-host") ?? request.headers.get("host"))
  ) {
    return refuse(new AppError("FORBIDDEN", "Uploads are only accepted from Hearth itself."));
  }
  if (!/^text\/csv\b/i.test(request.headers.get("content-type") ?? "")) {
    return refuse(new AppError("UNSUPPORTED_MEDIA_TYPE", "Upload a .csv file (sent as text/csv)."));
  }
  const length = Number(request.headers.get("content-length"));
  if (Number.isFinite(length) && length > IMPORT_MAX_BYTES) {
    return refuse(
      new AppError(
        "PAYLOAD_TOO_LARGE",
        `The file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB. Split it into smaller files.`,
      ),
    );
  }
  const body = request.body;
  if (!body) return refuse(new AppError("VALIDATION", "The file is empty. Nothing was imported."));
  const rawName = request.headers.get("x-file-name") ?? "";
  let fileName: string | undefined;
  try {
    fileName =
      decodeURIComponent(rawName)
        .replace(/[\u0000-\u001f]/g, "")
        .slice(0, 255) || undefined;
  } catch {
    fileName = undefined;
  }

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
        const result = await importContacts(ctx, body, {
          fileName,
          totalBytes: Number.isFinite(length) ? length : null,
          onProgress,
        });
        for (let i = 0; i < result.rejected.length; i += REJECTED_PER_LINE) {
          send({ type: "rejected", rows: result.rejected.slice(i, i + REJECTED_PER_LINE) });
        }
        send({
          type: "done",
          imported: result.imported,
          rejected: result.rejected.length,
          rows: result.rows,
          header: result.header,
          ignoredColumns: result.ignoredColumns,
        });
      } catch (err) {
        send({ type: "error", error: errorOf(err) });
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
}
