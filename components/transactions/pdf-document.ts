// pdf.js for the document viewer, loaded only when a PDF is opened. Everything it needs comes from the app's own
// origin through the bundle — its worker, and the few files the worker asks for (the JBIG2/CCITT decoder of
// scanned pages, JPEG 2000, the Symbol and ZapfDingbats fonts of form checkboxes) — never from a CDN, so the
// pages' CSP only has to allow a same-origin worker. Nothing in a PDF runs: no scripting, no XFA, no annotation
// layer; pages are drawn onto a canvas. docs/decisions/0010-inline-document-viewer.md
import {
  getDocument,
  GlobalWorkerOptions,
  VerbosityLevel,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
  type RenderTask,
} from "pdfjs-dist";

/** The files pdf.js's worker may ask the page for (with useWorkerFetch off), bundled as assets. */
const BUNDLED: Record<string, Record<string, URL>> = {
  wasmUrl: {
    "jbig2.wasm": new URL("pdfjs-dist/wasm/jbig2.wasm", import.meta.url),
    "openjpeg.wasm": new URL("pdfjs-dist/wasm/openjpeg.wasm", import.meta.url),
  },
  standardFontDataUrl: {
    "FoxitSymbol.pfb": new URL("pdfjs-dist/standard_fonts/FoxitSymbol.pfb", import.meta.url),
    "FoxitDingbats.pfb": new URL("pdfjs-dist/standard_fonts/FoxitDingbats.pfb", import.meta.url),
  },
};

/** pdf.js's BinaryDataFactory interface: answers the worker's requests from the bundled files only. */
class BundledBinaryData {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = BUNDLED[kind]?.[filename];
    if (!url) throw new Error(`${filename} is not bundled with the viewer`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${filename}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

/**
 * Opens a PDF from its bytes (they are handed to the worker: the caller's buffer is detached). The task's
 * `promise` gives the document; `destroy()` stops the loading or frees the document.
 */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  GlobalWorkerOptions.workerPort ??= new Worker(
    new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url),
    { type: "module" },
  );
  return getDocument({
    data,
    verbosity: VerbosityLevel.ERRORS,
    useWorkerFetch: false,
    BinaryDataFactory: BundledBinaryData,
    enableXfa: false,
  });
}

/** Draws one page (1-based) to fit `width` CSS pixels, sharp on high-density screens; cancel() stops it. */
export function renderPage(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  width: number,
): { promise: Promise<void>; cancel: () => void } {
  let cancelled = false;
  let task: RenderTask | undefined;
  const promise = pdf.getPage(pageNumber).then((page) => {
    if (cancelled) return;
    const ratio = window.devicePixelRatio || 1;
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    task = page.render({ canvas, viewport });
    return task.promise;
  });
  return {
    promise,
    cancel: () => {
      cancelled = true;
      task?.cancel();
    },
  };
}
