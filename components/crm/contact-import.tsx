"use client";
// Upload a CSV of contacts: choosing a file reads its header row and first rows here (nothing is sent yet) for the
// mapping step (./import-mapping-step.tsx); then the file is streamed to the import route with the chosen mapping
// and duplicate policy, which answers with NDJSON progress lines (shown in a real <progress> bar), the rejected rows
// with reasons, and a summary. The rejected rows download as a CSV report built here from those lines.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Button, buttonClasses, Card, TBody, THead, Table, Td, Th, Tr, useToast } from "@/components/ui";
import { toCsv } from "@/lib/csv";
import { formatCount, plural } from "@/components/ui/format";
import {
  CsvParser,
  type ColumnMapping,
  type CsvRecord,
  type DuplicatePolicy,
  type RememberedMapping,
} from "@/lib/modules/crm/client";
import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type ImportStreamLine,
} from "@/lib/modules/crm/schemas";
import { ImportMappingStep, PREVIEW_ROWS } from "./import-mapping-step";

type Rejected = Extract<ImportStreamLine, { type: "rejected" }>["rows"][number];
type Summary = Extract<ImportStreamLine, { type: "done" }>;

interface FileHead {
  headers: string[];
  rows: Array<{ line: number; values: string[] }>;
}

type State =
  | { step: "idle" }
  | { step: "mapping"; head: FileHead }
  | {
      step: "running";
      head: FileHead;
      phase: "uploading" | "reading" | "importing";
      done: number;
      total: number | null;
    }
  | { step: "done"; summary: Summary; rejected: Rejected[] }
  | { step: "failed"; message: string; head?: FileHead };

/** Enough of the file's start for the header and the preview rows; the whole file when it is small. */
const HEAD_BYTES = 256 * 1024;

/** The header row and the first rows, read in the browser (the server reads the whole file again). */
export async function readFileHead(file: Blob): Promise<FileHead> {
  const parser = new CsvParser();
  const records: CsvRecord[] = parser.push(await file.slice(0, HEAD_BYTES).text());
  if (file.size <= HEAD_BYTES) {
    try {
      records.push(...parser.end());
    } catch {
      // A damaged end: the rows read so far still show the columns; the import itself will refuse the file.
    }
  }
  const [header, ...rows] = records;
  if (!header) throw new Error("The file is empty, or its first row is too long to be a header.");
  return {
    headers: header.fields.map((h) => h.trim()),
    rows: rows.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, values: r.fields })),
  };
}

/** "Imported 3 contacts, rejected 1 row": new and updated contacts together, what the import changed. */
function importedTitle(s: Summary): string {
  return `Imported ${plural(s.created + s.updated, "contact")}${s.rejected ? `, rejected ${plural(s.rejected, "row")}` : ""}`;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ContactImport({
  organization,
  remembered = [],
}: {
  organization: string;
  /** The organization's remembered mappings (queries/import-mappings.ts). */
  remembered?: readonly RememberedMapping[];
}) {
  const toast = useToast();
  const router = useRouter();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const readSeq = useRef(0);
  const [file, setFile] = useState<File | null>(null);
  // One idempotency key per chosen file (decision 0020): "try again" after a lost response doesn't import twice.
  const [importKey, setImportKey] = useState(() => crypto.randomUUID());
  const [state, setState] = useState<State>({ step: "idle" });
  const running = state.step === "running";
  // The file's header and first rows, while the mapping step is on screen (also while importing and after a failure).
  const head = "head" in state ? state.head : undefined;

  async function choose(chosen: File | null) {
    const seq = ++readSeq.current; // a file chosen later wins over this one's reading
    setFile(chosen);
    setState({ step: "idle" });
    if (!chosen) return;
    if (chosen.size > IMPORT_MAX_BYTES) {
      setState({
        step: "failed",
        message: `The file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB. Split it into smaller files.`,
      });
      return;
    }
    try {
      const head = await readFileHead(chosen);
      if (seq === readSeq.current) setState({ step: "mapping", head });
    } catch (err) {
      if (seq !== readSeq.current) return;
      setState({ step: "failed", message: (err as Error).message });
    }
  }

  async function start(head: FileHead, choice: { fields: ColumnMapping; duplicates: DuplicatePolicy }) {
    if (!file) return;
    const query = new URLSearchParams({ duplicates: choice.duplicates, columns: choice.fields.join(",") });
    setState({ step: "running", head, phase: "uploading", done: 0, total: file.size });
    const rejected: Rejected[] = [];
    try {
      const res = await fetch(
        `/api/organizations/${encodeURIComponent(organization)}/contacts/import?${query}`,
        {
          method: "POST",
          body: file,
          headers: {
            "content-type": "text/csv",
            "x-file-name": encodeURIComponent(file.name),
            "idempotency-key": importKey,
          },
        },
      );
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The upload failed (${res.status}).`);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let finished = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const raw of lines) {
          if (!raw.trim()) continue;
          const line = JSON.parse(raw) as ImportStreamLine;
          if (line.type === "progress")
            setState({ step: "running", head, phase: line.phase, done: line.done, total: line.total });
          else if (line.type === "rejected") rejected.push(...line.rows);
          else if (line.type === "error") throw new Error(line.error.message);
          else {
            finished = true;
            setState({ step: "done", summary: line, rejected });
            setImportKey(crypto.randomUUID());
            toast.success(`${importedTitle(line)}.`);
          }
        }
      }
      if (!finished)
        throw new Error(
          "The connection closed before the import finished. Check the contacts list before trying again.",
        );
    } catch (err) {
      const message =
        err instanceof TypeError
          ? "We couldn't reach the server. Check your connection and try again."
          : (err as Error).message;
      setState({ step: "failed", message, head });
      toast.error(message);
    }
  }

  const reset = () => {
    setFile(null);
    setState({ step: "idle" });
    if (fileRef.current) fileRef.current.value = "";
    router.refresh(); // the mapping just used is now remembered
  };

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <div className="flex flex-col gap-3">
          <label htmlFor={inputId} className="text-sm font-medium">
            CSV file
          </label>
          <input
            ref={fileRef}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            disabled={running}
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => {
              setImportKey(crypto.randomUUID());
              void choose(e.target.files?.[0] ?? null);
            }}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface file:px-3 file:py-2 file:text-sm file:font-medium"
          />
          <p id={`${inputId}-hint`} className="text-xs text-fg-muted">
            Up to {IMPORT_MAX_BYTES / (1024 * 1024)} MB and {formatCount(IMPORT_MAX_ROWS)} rows, UTF-8. The
            first row names the columns; you match them to contact fields next.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="ghost"
              onClick={() =>
                download(
                  "hearth-contacts-template.csv",
                  toCsv([
                    [...IMPORT_COLUMNS],
                    [
                      "Jane Buyer",
                      "jane@example.com",
                      "+1 555 0100",
                      "Acme Realty",
                      "Lead",
                      "Referral",
                      "2026-12-01T09:00:00Z",
                      "Wants 3 bedrooms",
                    ],
                  ]),
                )
              }
            >
              Download a template
            </Button>
          </div>
        </div>
      </Card>

      {head && file && (
        <ImportMappingStep
          key={`${file.name}:${file.size}:${file.lastModified}`}
          fileName={file.name}
          headers={head.headers}
          rows={head.rows}
          remembered={remembered}
          pending={running}
          onImport={(choice) => void start(head, choice)}
          onCancel={reset}
        />
      )}

      {state.step === "running" && (
        <Card aria-live="polite">
          <label className="flex flex-col gap-2 text-sm">
            <span>
              {state.phase === "importing"
                ? `Importing… ${formatCount(state.done)} of ${formatCount(state.total ?? 0)} rows`
                : state.phase === "reading"
                  ? `Checking rows… ${formatCount(Math.round(state.done / 1024))} KB${state.total ? ` of ${formatCount(Math.round(state.total / 1024))} KB` : ""}`
                  : "Uploading…"}
            </span>
            <progress
              className="h-3 w-full accent-[var(--accent)]"
              value={state.total ? state.done : undefined}
              max={state.total ?? undefined}
            />
          </label>
        </Card>
      )}

      {state.step === "failed" && (
        <div
          role="alert"
          className="rounded-md border border-danger/40 bg-danger/5 px-4 py-3 text-sm text-danger"
        >
          <p className="font-medium">Nothing was imported.</p>
          <p>{state.message}</p>
        </div>
      )}

      {state.step === "done" && (
        <Card aria-live="polite">
          <h2 className="text-base font-semibold">{importedTitle(state.summary)}</h2>
          <p className="mt-1 text-sm text-fg-muted">
            {formatCount(state.summary.created)} new, {formatCount(state.summary.updated)} updated,{" "}
            {formatCount(state.summary.skipped)} skipped
            {state.summary.skipped > 0 ? " (already in Hearth)" : ""}
            {state.summary.rejected > 0 ? `, ${plural(state.summary.rejected, "row")} with errors` : ""}.
          </p>
          {state.summary.ignoredColumns.length > 0 && (
            <p className="mt-1 text-sm text-fg-muted">
              Ignored columns: {state.summary.ignoredColumns.join(", ")}
            </p>
          )}
          {state.rejected.length > 0 && (
            <div className="mt-3 flex flex-col gap-3">
              <div>
                <Button
                  variant="secondary"
                  onClick={() =>
                    download(
                      `${(file?.name ?? "contacts").replace(/\.csv$/i, "")}-rejected-rows.csv`,
                      toCsv([
                        ["line", "reason", ...state.summary.header],
                        ...state.rejected.map((r) => [r.line, r.reason, ...r.values]),
                      ]),
                    )
                  }
                >
                  Download rejected rows (CSV)
                </Button>
              </div>
              <Table label="Rejected rows">
                <THead>
                  <Tr>
                    <Th>Line</Th>
                    <Th>Column</Th>
                    <Th>Reason</Th>
                    <Th className="hidden sm:table-cell">Row</Th>
                  </Tr>
                </THead>
                <TBody>
                  {state.rejected.slice(0, 50).map((r) => (
                    <Tr key={r.line}>
                      <Td className="tabular-nums">{r.line}</Td>
                      <Td>{r.column ?? ""}</Td>
                      <Td>{r.reason}</Td>
                      <Td className="hidden max-w-xs truncate text-fg-muted sm:table-cell">
                        {r.values.join(", ")}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
              {state.rejected.length > 50 && (
                <p className="text-xs text-fg-muted">
                  The first 50 are shown; the download has all {formatCount(state.rejected.length)}.
                </p>
              )}
            </div>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <Link href={`/${organization}/crm/contacts`} className={buttonClasses("primary")}>
              Go to contacts
            </Link>
            <Button variant="secondary" onClick={reset}>
              Import another file
            </Button>
          </div>
        </Card>
      )}
    </div>
  );
}
