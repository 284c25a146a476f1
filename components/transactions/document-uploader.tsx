"use client";
// Drag-and-drop (or pick) files, or one file for a checklist slot; each is sent as the raw body of one
// XMLHttpRequest to the streaming upload route, because only XHR reports upload progress (fetch has no upload
// progress events). Files over the limit are refused here before sending; everything else (type sniffed from the
// bytes, size again) is decided by the server, whose message is shown next to the file.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent } from "react";
import { Button, Select, cn, useToast } from "@/components/ui";
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType } from "@/lib/modules/documents/schemas";
import { formatBytes } from "@/components/ui/format";

interface UploadItem {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "uploading" | "done" | "error";
  error?: string;
}

// A hint for the file picker only; the server decides from the bytes.
const ACCEPT =
  ".pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.avif,.tif,.tiff,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv,.md,text/plain";

const TYPE_OPTIONS = DOCUMENT_TYPES.map((t) => ({ value: t, label: DOCUMENT_TYPE_LABELS[t] }));

/**
 * Sends files to the upload route (into a checklist slot when `slotId` is given) and keeps their progress; the
 * drop zone below and each slot's upload button share it.
 */
export function useDocumentUploads({
  organization,
  loopId,
  maxBytes,
}: {
  organization: string;
  loopId: string;
  maxBytes: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [items, setItems] = useState<UploadItem[]>([]);
  const seq = useRef(0);

  const update = (key: string, patch: Partial<UploadItem>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const send = (file: File, to: { documentType?: DocumentType; slotId?: string } = {}) => {
    const key = `${Date.now()}-${seq.current++}`;
    const base: UploadItem = { key, name: file.name, size: file.size, progress: 0, state: "uploading" };
    if (file.size > maxBytes) {
      setItems((all) => [
        ...all,
        {
          ...base,
          state: "error",
          error: `Too big: ${formatBytes(file.size)} (the limit is ${formatBytes(maxBytes)}).`,
        },
      ]);
      return;
    }
    if (file.size === 0) {
      setItems((all) => [...all, { ...base, state: "error", error: "This file is empty." }]);
      return;
    }
    setItems((all) => [...all, base]);
    const query = new URLSearchParams({
      type: to.documentType ?? "OTHER",
      ...(to.slotId ? { slot: to.slotId } : {}),
    });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/documents/${encodeURIComponent(organization)}/loops/${loopId}?${query}`);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) update(key, { progress: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        update(key, { state: "done", progress: 100 });
        toast.success(`Uploaded ${file.name}`);
        router.refresh();
        return;
      }
      const body = xhr.response as { error?: { message?: string } } | null;
      const message =
        body?.error?.message ??
        (xhr.status === 413
          ? `Too big (the limit is ${formatBytes(maxBytes)}).`
          : xhr.status === 415
            ? `That file type isn't allowed.`
            : "The upload failed. Please try again.");
      update(key, { state: "error", error: message });
      toast.error(`${file.name}: ${message}`);
    };
    xhr.onerror = () =>
      update(key, { state: "error", error: "Network error. Check your connection and try again." });
    xhr.onabort = () => update(key, { state: "error", error: "Upload cancelled." });
    xhr.send(file);
  };

  return { items, send };
}

export function DocumentUploader({
  organization,
  loopId,
  maxBytes,
  allowedSummary,
}: {
  organization: string;
  loopId: string;
  maxBytes: number;
  allowedSummary: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const { items, send } = useDocumentUploads({ organization, loopId, maxBytes });
  const [documentType, setDocumentType] = useState<DocumentType>("OTHER");
  const [dragging, setDragging] = useState(false);

  const onFiles = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) send(file, { documentType });
    if (inputRef.current) inputRef.current.value = "";
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    onFiles(e.dataTransfer.files);
  };

  return (
    <div className="flex flex-col gap-3">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-4 py-6 text-center",
          dragging ? "border-accent bg-accent/5" : "border-border bg-surface",
        )}
      >
        <p className="text-sm font-medium">Drop files here to upload</p>
        <p id={hintId} className="max-w-md text-xs text-fg-muted">
          {allowedSummary}; up to {formatBytes(maxBytes)} each. Files are encrypted before they are stored.
        </p>
        <div className="flex flex-wrap items-end justify-center gap-2">
          <Select
            label="Document type"
            options={TYPE_OPTIONS}
            value={documentType}
            onChange={(e) => setDocumentType(e.target.value as DocumentType)}
            className="w-56 text-left"
          />
          <Button variant="secondary" onClick={() => inputRef.current?.click()} aria-describedby={hintId}>
            Choose files
          </Button>
        </div>
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          aria-label="Upload documents"
          onChange={(e) => onFiles(e.target.files)}
        />
      </div>
      <UploadList items={items} />
    </div>
  );
}

/** Each file sent, with its progress or the server's reason for refusing it. */
export function UploadList({ items }: { items: UploadItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="flex flex-col gap-2" aria-label="Uploads">
      {items.map((item) => (
        <li key={item.key} className="rounded-md border border-border bg-surface px-3 py-2 text-sm">
          <div className="flex items-center justify-between gap-2">
            <span className="min-w-0 truncate font-medium">{item.name}</span>
            <span className="shrink-0 text-xs text-fg-muted">
              {formatBytes(item.size)} ·{" "}
              {item.state === "done" ? "Uploaded" : item.state === "error" ? "Failed" : `${item.progress}%`}
            </span>
          </div>
          {item.state !== "error" && (
            <progress
              className="mt-2 block h-2 w-full appearance-none overflow-hidden rounded-full bg-surface-muted [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-surface-muted [&::-webkit-progress-value]:bg-accent"
              max={100}
              value={item.progress}
              aria-label={`Upload of ${item.name}`}
            />
          )}
          {item.error && (
            <p role="alert" className="mt-1 text-xs font-medium text-danger">
              {item.error}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** One slot's "Upload" button: pick a file, and it is filed in that slot as it is uploaded. */
export function SlotUploadButton({
  organization,
  loopId,
  maxBytes,
  slot,
  again,
}: {
  organization: string;
  loopId: string;
  maxBytes: number;
  slot: { id: string; title: string };
  /** The slot already holds a document (after a return, the new version). */
  again: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const { items, send } = useDocumentUploads({ organization, loopId, maxBytes });
  return (
    <div className="flex flex-col gap-2">
      <Button
        variant={again ? "secondary" : "primary"}
        size="sm"
        className="self-start"
        onClick={() => inputRef.current?.click()}
        aria-label={`${again ? "Upload a new version of" : "Upload"} ${slot.title}`}
      >
        {again ? "Upload new version" : "Upload"}
      </Button>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPT}
        hidden
        aria-label={`File for ${slot.title}`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) send(file, { slotId: slot.id });
          e.target.value = "";
        }}
      />
      <UploadList items={items} />
    </div>
  );
}
