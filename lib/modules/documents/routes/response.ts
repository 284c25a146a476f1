import "server-only";
// The document response (downloads, links and the viewer's reads): the verified plaintext streamed as an
// attachment under a policy that lets nothing in it run, readable by the app's own pages only.
import type { AppError } from "@/lib/errors";
import { FILE_CSP } from "@/lib/security/headers";
import { contentDisposition } from "@/lib/storage/filename";
import { TEXT_PLAIN } from "@/lib/storage/inspect";
import type { OpenedDocument } from "../queries/documents";

/** The Content-Type a document is served with. */
export function servedContentType(sniffedType: string): string {
  return sniffedType === TEXT_PLAIN ? "text/plain; charset=utf-8" : sniffedType;
}

/**
 * The plaintext as an attachment. The first chunk is read (and so verified) before the response starts, so a
 * document that fails early gets a clean error status; a failure later aborts the stream — the client never
 * gets a complete body (Content-Length is set and the final chunk is only released after the sha256 check).
 */
export async function documentResponse(doc: OpenedDocument): Promise<Response> {
  const reader = doc.stream.getReader();
  const first = await reader.read();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        console.warn(
          `[documents] download of ${doc.id} aborted: ${(err as Error).message}`,
          (err as AppError).details ?? {},
        );
        controller.error(err);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": servedContentType(doc.sniffedType),
      "content-length": String(doc.sizeBytes),
      "content-disposition": contentDisposition(doc.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": FILE_CSP,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
      // Another site can't even embed it as an image (the session cookie is Lax, this is the second fence).
      "cross-origin-resource-policy": "same-origin",
    },
  });
}
