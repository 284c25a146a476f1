"use client";
// Reads a PDF or an image in the browser, in a dialog over the loop page. The verified bytes come from the view
// route (authorized, decrypted, served as a sandboxed attachment) with fetch(); a PDF is drawn by pdf.js onto a
// canvas, an image is an <img> of a blob typed as the allowlisted image type the server sniffed — so a document
// is never rendered as a page of the app's origin and nothing in it can run. Escape closes; PDFs have page
// buttons (and ←/→, Page Up/Down); Download is always there. docs/decisions/0010-inline-document-viewer.md
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from "pdfjs-dist";
import type { renderPage as renderPageOf } from "./pdf-document";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button, buttonClasses, Dialog, Skeleton } from "@/components/ui";
import type { DocumentView } from "@/lib/modules/documents";
import { documentDownloadUrl, documentViewUrl, viewerKind } from "@/lib/modules/documents/schemas";

type Loaded =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "image"; url: string }
  | { state: "pdf"; pdf: PDFDocumentProxy; renderPage: RenderPage };

/** pdf-document.ts's renderPage, passed along so pdf.js is loaded only when a PDF is opened. */
type RenderPage = typeof renderPageOf;

const GENERIC_ERROR = "We couldn't open this document. Try again, or download it.";

/** A failure whose message is for the person reading (the view route's refusal, for one). */
class ViewerError extends Error {}

/** The document's bytes from the view route, or the route's message when it refuses. */
async function fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal, cache: "no-store", credentials: "same-origin" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ViewerError(body?.error?.message ?? GENERIC_ERROR);
  }
  return new Uint8Array(await res.arrayBuffer());
}

export function DocumentViewer({
  organization,
  document: doc,
  onClose,
}: {
  organization: string;
  document: DocumentView;
  onClose: () => void;
}) {
  const kind = viewerKind(doc.sniffedType);
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    let loading: PDFDocumentLoadingTask | null = null;
    (async () => {
      if (!kind) throw new ViewerError("This file can't be shown in the browser. Download it instead.");
      const bytes = await fetchBytes(documentViewUrl(organization, doc.id), controller.signal);
      if (controller.signal.aborted) return;
      if (kind === "image") {
        // The blob's type is the sniffed, allowlisted raster type: opened on its own it is still only an image.
        objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type: doc.sniffedType }));
        setLoaded({ state: "image", url: objectUrl });
      } else {
        const { openPdf, renderPage } = await import("./pdf-document");
        if (controller.signal.aborted) return;
        loading = openPdf(bytes);
        const pdf = await loading.promise;
        if (controller.signal.aborted) return;
        if (pdf.numPages === 0) throw new ViewerError("This PDF has no pages to show. Download it instead.");
        setLoaded({ state: "pdf", pdf, renderPage });
      }
    })().catch((err: unknown) => {
      if (controller.signal.aborted) return;
      // pdf.js's own messages ("Invalid PDF structure") aren't for people.
      setLoaded({ state: "error", message: err instanceof ViewerError ? err.message : GENERIC_ERROR });
    });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      void loading?.destroy();
    };
  }, [organization, doc.id, doc.sniffedType, kind]);

  return (
    <Dialog
      open
      onClose={onClose}
      size="wide"
      title={doc.fileName}
      description={doc.typeLabel}
      footer={
        <>
          <a
            className={buttonClasses("secondary")}
            href={documentDownloadUrl(organization, doc.id)}
            download
            aria-label={`Download ${doc.fileName}`}
          >
            Download
          </a>
          <Button onClick={onClose}>Close</Button>
        </>
      }
    >
      {loaded.state === "loading" && (
        <div role="status" aria-label="Opening the document" className="flex flex-col gap-2">
          <Skeleton className="h-[60vh] w-full" />
        </div>
      )}
      {loaded.state === "error" && (
        <p role="alert" className="text-sm text-danger">
          {loaded.message}
        </p>
      )}
      {loaded.state === "image" && (
        <div className="flex justify-center overflow-auto rounded-md bg-surface-muted p-2">
          {/* A blob of verified bytes: next/image can't optimize it, and must not fetch it again. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={loaded.url} alt={doc.fileName} className="max-h-[70vh] max-w-full object-contain" />
        </div>
      )}
      {loaded.state === "pdf" && (
        <PdfPages pdf={loaded.pdf} renderPage={loaded.renderPage} fileName={doc.fileName} />
      )}
    </Dialog>
  );
}

function PdfPages({
  pdf,
  renderPage,
  fileName,
}: {
  pdf: PDFDocumentProxy;
  renderPage: RenderPage;
  fileName: string;
}) {
  const [page, setPage] = useState(1);
  const [rendering, setRendering] = useState(true);
  const [failed, setFailed] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pages = pdf.numPages;

  useEffect(() => {
    if (!canvas.current || !frame.current) return;
    let current = true;
    setRendering(true);
    // The page fills the dialog's width (up to a comfortable reading width).
    const width = Math.max(200, Math.min(frame.current.clientWidth - 16, 900));
    const render = renderPage(pdf, page, canvas.current, width);
    render.promise.then(
      () => {
        if (current) {
          setRendering(false);
          setFailed(false);
        }
      },
      (err: { name?: string }) => {
        if (current && err?.name !== "RenderingCancelledException") {
          setRendering(false);
          setFailed(true);
        }
      },
    );
    return () => {
      current = false;
      render.cancel();
    };
  }, [pdf, renderPage, page]);

  const go = (to: number) => setPage(Math.min(Math.max(1, to), pages));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowRight" || e.key === "PageDown") go(page + 1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") go(page - 1);
    else return;
    e.preventDefault();
  };

  return (
    <div className="flex flex-col gap-3" onKeyDown={onKeyDown}>
      <div role="group" aria-label="Pages" className="flex items-center justify-center gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => go(page - 1)}>
          Previous page
        </Button>
        <span aria-live="polite" className="min-w-24 text-center text-sm tabular-nums">
          Page {page} of {pages}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => go(page + 1)}>
          Next page
        </Button>
      </div>
      <div
        ref={frame}
        className="flex max-h-[65vh] justify-center overflow-auto rounded-md bg-surface-muted p-2"
        aria-busy={rendering || undefined}
      >
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Page ${page} of ${pages} of ${fileName}`}
          className="bg-white shadow-sm"
        />
      </div>
      {failed && (
        <p role="alert" className="text-sm text-danger">
          This page couldn&apos;t be drawn. Download the document to read it.
        </p>
      )}
    </div>
  );
}
