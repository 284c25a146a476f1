import "server-only";
// CSV contact import, all-or-nothing. The request body is read as a stream (size-capped while reading) and
// every row is validated as it arrives; only when the whole file has arrived intact (valid UTF-8, no
// unterminated quote, no interrupted upload) do the good rows go into the database — in batches, inside ONE
// tenant transaction, so a failure at any point leaves nothing half-imported. Bad rows (invalid values,
// duplicate emails within the file or already in the organization) are rejected rows with reasons, not a
// failure. Limits: IMPORT_MAX_BYTES and IMPORT_MAX_ROWS (schemas.ts).
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { analyzeContactsAfterBulkWrite } from "./analyze";
import { AppError } from "@/lib/errors";
import { CsvParser, CsvSyntaxError, type CsvRecord } from "../csv";
import {
  IMPORT_BATCH_SIZE,
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  importRowSchema,
  type ImportColumn,
  type ImportRow,
} from "../schemas";
import type { CrmOptions } from "./contacts";

export interface ImportProgress {
  /** reading: bytes received of the file; importing: rows written of the valid rows. */
  phase: "reading" | "importing";
  done: number;
  total: number | null;
}

export interface RejectedRow {
  /** Line in the file where the row starts (the header is line 1). */
  line: number;
  reason: string;
  values: string[];
}

export interface ImportResult {
  imported: number;
  rejected: RejectedRow[];
  /** Data rows in the file (imported + rejected). */
  rows: number;
  header: string[];
  ignoredColumns: string[];
}

export interface ImportOptions extends CrmOptions {
  fileName?: string;
  /** Content-Length, when the client sent one (progress only; the cap is enforced on the bytes read). */
  totalBytes?: number | null;
  onProgress?: (p: ImportProgress) => void;
  maxBytes?: number;
  maxRows?: number;
}

const HEADER_ALIASES: Record<string, ImportColumn> = {
  name: "name",
  full_name: "name",
  contact: "name",
  contact_name: "name",
  email: "email",
  e_mail: "email",
  email_address: "email",
  phone: "phone",
  phone_number: "phone",
  mobile: "phone",
  telephone: "phone",
  company: "company",
  company_name: "company",
  organization: "company",
  organisation: "company",
  status: "status",
  source: "source",
  lead_source: "source",
  next_follow_up: "next_follow_up",
  follow_up: "next_follow_up",
  follow_up_date: "next_follow_up",
  next_followup: "next_follow_up",
  notes: "notes",
  note: "notes",
};

const COLUMN_LABELS: Record<ImportColumn, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  status: "Status",
  source: "Source",
  next_follow_up: "Next follow-up",
  notes: "Notes",
};

const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_");

interface HeaderMap {
  header: string[];
  columns: Array<ImportColumn | null>;
  ignored: string[];
}

function mapHeader(record: CsvRecord): HeaderMap {
  const header = record.fields.map((h) => h.trim());
  const seen = new Set<ImportColumn>();
  const columns = header.map((h) => {
    const col = HEADER_ALIASES[normalizeHeader(h)] ?? null;
    if (col && seen.has(col)) {
      throw new AppError(
        "VALIDATION",
        `The header has two columns for "${col}". Remove one and upload again. Nothing was imported.`,
      );
    }
    if (col) seen.add(col);
    return col;
  });
  if (!seen.has("name")) {
    throw new AppError(
      "VALIDATION",
      `The first row must be a header with a "name" column (optional: ${IMPORT_COLUMNS.filter((c) => c !== "name").join(", ")}). Nothing was imported.`,
    );
  }
  return { header, columns, ignored: header.filter((_, i) => columns[i] === null && header[i] !== "") };
}

interface ValidRow {
  line: number;
  values: string[];
  data: ImportRow;
}

/** Reads, parses and validates the whole file; throws (nothing imported) when the file itself is broken. */
async function readAndValidate(body: ReadableStream<Uint8Array>, opts: ImportOptions) {
  const maxBytes = opts.maxBytes ?? IMPORT_MAX_BYTES;
  const maxRows = opts.maxRows ?? IMPORT_MAX_ROWS;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const parser = new CsvParser();
  const reader = body.getReader();
  let bytes = 0;
  let headerMap: HeaderMap | null = null;
  const valid: ValidRow[] = [];
  const rejected: RejectedRow[] = [];
  const emailLines = new Map<string, number>();
  let rows = 0;

  const handle = (records: CsvRecord[]) => {
    for (const record of records) {
      if (!headerMap) {
        headerMap = mapHeader(record);
        continue;
      }
      rows++;
      if (rows > maxRows) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `The file has more than ${maxRows.toLocaleString("en-US")} rows. Split it into smaller files. Nothing was imported.`,
        );
      }
      const { values, reason, data } = validateRecord(headerMap, record);
      if (!data) {
        rejected.push({ line: record.line, reason: reason!, values });
        continue;
      }
      if (data.email) {
        const first = emailLines.get(data.email);
        if (first !== undefined) {
          rejected.push({ line: record.line, reason: `Same email as line ${first} of this file`, values });
          continue;
        }
        emailLines.set(data.email, record.line);
      }
      valid.push({ line: record.line, values, data });
    }
  };

  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw new AppError(
          "VALIDATION",
          "The upload was interrupted before the whole file arrived. Nothing was imported — please upload it again.",
        );
      }
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > maxBytes) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `The file is larger than ${formatBytes(maxBytes)}. Split it into smaller files. Nothing was imported.`,
        );
      }
      handle(parser.push(decode(decoder, chunk.value, true)));
      opts.onProgress?.({ phase: "reading", done: bytes, total: opts.totalBytes ?? null });
    }
    handle(parser.push(decode(decoder, undefined, false)));
    handle(parser.end());
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    if (err instanceof CsvSyntaxError)
      throw new AppError("VALIDATION", `${err.message} Nothing was imported.`, {
        details: { line: err.line },
      });
    throw err;
  }
  if (!headerMap) throw new AppError("VALIDATION", "The file is empty. Nothing was imported.");
  const map = headerMap as HeaderMap;
  return { header: map.header, ignored: map.ignored, valid, rejected, rows };
}

function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    throw new AppError(
      "VALIDATION",
      "The file isn't valid UTF-8 text (it may be damaged, or saved in another encoding). Save it as “CSV UTF-8” and upload it again. Nothing was imported.",
    );
  }
}

function validateRecord(
  map: HeaderMap,
  record: CsvRecord,
): { values: string[]; reason?: string; data?: ImportRow } {
  const values = record.fields;
  if (values.length !== map.header.length) {
    return {
      values,
      reason: `Has ${values.length} value${values.length === 1 ? "" : "s"}, the header has ${map.header.length}`,
    };
  }
  const input: Partial<Record<ImportColumn, string>> = {};
  map.columns.forEach((col, i) => {
    if (col) input[col] = values[i];
  });
  const parsed = importRowSchema.safeParse(input);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => {
      const label = COLUMN_LABELS[i.path[0] as ImportColumn] ?? "";
      return !label || i.message.toLowerCase().includes(label.toLowerCase())
        ? i.message
        : `${label}: ${i.message}`;
    });
    return { values, reason: [...new Set(reasons)].join("; ") };
  }
  return { values, data: parsed.data };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

export async function importContacts(
  ctx: AuthContext,
  body: ReadableStream<Uint8Array>,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const file = await readAndValidate(body, opts);
  const orgId = ctx.organization.id;
  const rejected = [...file.rejected];
  const imported = await withTenantContext(
    ctx,
    async (tx) => {
      let done = 0;
      let inserted = 0;
      opts.onProgress?.({ phase: "importing", done: 0, total: file.valid.length });
      for (let start = 0; start < file.valid.length; start += IMPORT_BATCH_SIZE) {
        const batch = file.valid.slice(start, start + IMPORT_BATCH_SIZE);
        // ON CONFLICT DO NOTHING: a row whose email already exists in the organization (even one a teammate
        // added a moment ago) is skipped, and RETURNING tells us which.
        const created = await tx.contact.createManyAndReturn({
          data: batch.map(({ data }) => ({
            organizationId: orgId,
            createdBy: ctx.user.id,
            name: data.name,
            email: data.email,
            phone: data.phone,
            company: data.company,
            status: data.status,
            source: data.source,
            nextFollowUp: data.next_follow_up,
            notes: data.notes,
          })),
          skipDuplicates: true,
          select: { email: true },
        });
        inserted += created.length;
        if (created.length !== batch.length) {
          const createdEmails = new Set(created.map((c) => c.email));
          for (const row of batch) {
            if (row.data.email && !createdEmails.has(row.data.email)) {
              rejected.push({
                line: row.line,
                reason: "A contact with this email already exists in your organization",
                values: row.values,
              });
            }
          }
        }
        done += batch.length;
        opts.onProgress?.({ phase: "importing", done, total: file.valid.length });
      }
      // One entry for the import: the audit chain makes thousands of per-row entries slow (see the README).
      await recordAudit(tx, ctx, {
        action: "contact.imported",
        entityType: "contact_import",
        entityId: randomUUID(),
        newValues: {
          fileName: opts.fileName ?? null,
          rows: file.rows,
          imported: inserted,
          rejected: rejected.length,
        },
      });
      return inserted;
    },
    { db: opts.db, timeoutMs: 300_000 },
  );
  await analyzeContactsAfterBulkWrite(ctx, imported, { db: opts.db });
  rejected.sort((a, b) => a.line - b.line);
  return { imported, rejected, rows: file.rows, header: file.header, ignoredColumns: file.ignored };
}
