import "server-only";
// CSV contact import, all-or-nothing. The request body is read as a stream (size-capped while reading) and
// every row is validated as it arrives, through the column mapping the request gives (checked here against the
// file's header) or the header's suggestions (../import-mapping.ts); only when the whole file has arrived intact
// (valid UTF-8, no unterminated quote, no interrupted upload) do the good rows go into the database — created,
// or matched to an existing contact by email or phone and skipped or updated as the request chose — in batches,
// inside ONE tenant transaction, so a failure at any point (a refused write, a contact edited meanwhile) leaves
// nothing half-imported. Bad rows (invalid values, duplicate emails within the file) are rejected rows with
// reasons naming the file's own column, not a failure. Limits: IMPORT_MAX_BYTES and IMPORT_MAX_ROWS (schemas.ts).
// Decision 0026.
import { createHash, randomUUID } from "node:crypto";
import { auditChanges, recordAudit, recordAuditMany } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import { analyzeContactsAfterBulkWrite } from "./analyze";
import { AppError } from "@/lib/errors";
import { CsvParser, CsvSyntaxError, type CsvRecord } from "../csv";
import {
  applyMapping,
  columnsOf,
  IMPORT_FIELD_LABELS,
  mappingProblem,
  normalizedHeaders,
  phoneKey,
  suggestMapping,
  type ColumnMapping,
  type DuplicatePolicy,
  type ImportField,
} from "../import-mapping";
import {
  IMPORT_BATCH_SIZE,
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_COLUMNS,
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
  /** The file's header of the column at fault, when one is. */
  column?: string;
}

export interface ImportResult {
  /** New contacts (the name older callers know) — the same as created. */
  imported: number;
  created: number;
  updated: number;
  skipped: number;
  duplicates: DuplicatePolicy;
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
  /** One field per CSV column ("" = don't import); checked against the header. Default: the header's suggestions. */
  mapping?: ColumnMapping;
  /** Rows matching an existing contact by email or phone. Default "create" (a matching email is a rejected row). */
  duplicates?: DuplicatePolicy;
}

interface HeaderMap {
  header: string[];
  fields: ColumnMapping;
  ignored: string[];
}

/** The mapping to apply: the one the request gives (validated here, never trusted), else the header's suggestions. */
function mapHeader(record: CsvRecord, given: ColumnMapping | undefined): HeaderMap {
  const header = record.fields.map((h) => h.trim());
  if (header.length > IMPORT_MAX_COLUMNS) {
    throw new AppError(
      "VALIDATION",
      `The file has ${header.length} columns; up to ${IMPORT_MAX_COLUMNS} can be imported. Nothing was imported.`,
    );
  }
  const fields = given ?? suggestMapping(header);
  const problem = mappingProblem(header, fields);
  if (problem) {
    throw new AppError(
      "VALIDATION",
      given
        ? `${problem} Nothing was imported.`
        : `The first row must be a header with a "name" column (optional: ${IMPORT_COLUMNS.filter((c) => c !== "name").join(", ")}), or choose the columns in the mapping step. Nothing was imported.`,
    );
  }
  return { header, fields, ignored: header.filter((h, i) => fields[i] === "" && h !== "") };
}

interface ValidRow {
  line: number;
  values: string[];
  data: ImportRow;
  /** The fields this row gives a value for (an update writes only these). */
  provided: Set<string>;
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
        headerMap = mapHeader(record, opts.mapping);
        continue;
      }
      rows++;
      if (rows > maxRows) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `The file has more than ${maxRows.toLocaleString("en-US")} rows. Split it into smaller files. Nothing was imported.`,
        );
      }
      const checked = validateRecord(headerMap, record);
      if (!checked.data) {
        rejected.push({
          line: record.line,
          reason: checked.reason!,
          values: checked.values,
          column: checked.column,
        });
        continue;
      }
      const { data, values, provided } = checked;
      if (data.email) {
        const first = emailLines.get(data.email);
        if (first !== undefined) {
          rejected.push({
            line: record.line,
            reason: `Same email as line ${first} of this file`,
            values,
            column: columnName(headerMap, "email"),
          });
          continue;
        }
        emailLines.set(data.email, record.line);
      }
      valid.push({ line: record.line, values, data, provided: provided! });
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
  return { map, valid, rejected, rows };
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

/** The file's own name for the column a field came from (the first, when first and last name make the name). */
function columnName(map: HeaderMap, field: string): string | undefined {
  const i = columnsOf(map.fields, field)[0];
  return i === undefined ? undefined : map.header[i];
}

function validateRecord(
  map: HeaderMap,
  record: CsvRecord,
): { values: string[]; reason?: string; column?: string; data?: ImportRow; provided?: Set<string> } {
  const values = record.fields;
  if (values.length !== map.header.length) {
    return {
      values,
      reason: `Has ${values.length} value${values.length === 1 ? "" : "s"}, the header has ${map.header.length}`,
    };
  }
  const { input, provided } = applyMapping(map.fields, values);
  const parsed = importRowSchema.safeParse(input);
  if (!parsed.success) {
    // Each reason names the column by the file's own header, unless the message already says which it is.
    const issues = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? "");
      const column = columnName(map, field);
      const label = column ?? IMPORT_FIELD_LABELS[field as ImportField] ?? "";
      const reason =
        !label || i.message.toLowerCase().includes(label.toLowerCase())
          ? i.message
          : `${label}: ${i.message}`;
      return { column, reason };
    });
    return {
      values,
      column: issues.find((i) => i.column)?.column,
      reason: [...new Set(issues.map((i) => i.reason))].join("; "),
    };
  }
  return { values, data: parsed.data, provided };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/** The header row's lookup key for its remembered mapping. */
export function headerKey(headers: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify(normalizedHeaders(headers)))
    .digest("hex");
}

// The contact fields an update may fill, as the contact (and its audit entries) name them.
const UPDATABLE = {
  name: "name",
  email: "email",
  phone: "phone",
  company: "company",
  status: "status",
  source: "source",
  next_follow_up: "nextFollowUp",
  notes: "notes",
} as const satisfies Record<ImportColumn, string>;
type Updatable = (typeof UPDATABLE)[keyof typeof UPDATABLE];

interface ExistingContact {
  id: string;
  version: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: string;
  source: string | null;
  nextFollowUp: Date | null;
  notes: string | null;
}

/** The organization's contacts whose email or phone (by phoneKey) matches one of the file's rows. */
async function findMatches(tx: TenantTx, orgId: string, rows: ValidRow[]) {
  const emails = [...new Set(rows.flatMap((r) => (r.data.email ? [r.data.email] : [])))];
  const phones = [...new Set(rows.flatMap((r) => phoneKey(r.data.phone) ?? []))];
  if (emails.length === 0 && phones.length === 0) return { byEmail: new Map(), byPhone: new Map() };
  // One statement for the whole file. The phone side reads the organization's contacts with a phone (there is no
  // index on the digits) — once per import, not per row or batch.
  const found = await tx.$queryRaw<ExistingContact[]>`
    select id, version, name, email, phone, company, status::text as status, source,
           next_follow_up as "nextFollowUp", notes
      from public.contacts
     where organization_id = ${orgId}::uuid
       and (email = any(${emails}::text[])
            or (phone is not null and right(regexp_replace(phone, '[^0-9]', '', 'g'), 10) = any(${phones}::text[])))
     order by created_at, id`;
  const byEmail = new Map<string, ExistingContact>();
  const byPhone = new Map<string, ExistingContact>();
  for (const c of found) {
    if (c.email) byEmail.set(c.email, c);
    const key = phoneKey(c.phone);
    if (key && !byPhone.has(key)) byPhone.set(key, c); // the oldest contact with that number
  }
  return { byEmail, byPhone };
}

/** What an update of `existing` from `row` changes: the fields the row gives a value for that differ. */
function changesFor(existing: ExistingContact, row: ValidRow) {
  const after: Partial<Record<Updatable, unknown>> = {};
  for (const [column, field] of Object.entries(UPDATABLE) as Array<[ImportColumn, Updatable]>) {
    if (row.provided.has(column)) after[field] = row.data[column];
  }
  // The same number written another way is no change.
  const key = phoneKey(row.data.phone);
  if (after.phone !== undefined && key !== null && phoneKey(existing.phone) === key) {
    after.phone = existing.phone;
  }
  return auditChanges<Updatable>(existing, after, { keep: ["name"] });
}

export async function importContacts(
  ctx: AuthContext,
  body: ReadableStream<Uint8Array>,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const file = await readAndValidate(body, opts);
  const policy: DuplicatePolicy = opts.duplicates ?? "create";
  const orgId = ctx.organization.id;
  const rejected = [...file.rejected];
  const reject = (row: ValidRow, reason: string, field: string) =>
    rejected.push({ line: row.line, reason, values: row.values, column: columnName(file.map, field) });
  const counts = await withTenantContext(
    ctx,
    async (tx) => {
      // Sort the rows: new contacts, updates of existing ones, and the skipped.
      let toCreate = file.valid;
      const toUpdate: Array<{ row: ValidRow; existing: ExistingContact }> = [];
      let skipped = 0;
      if (policy !== "create") {
        const { byEmail, byPhone } = await findMatches(tx, orgId, file.valid);
        const claimed = new Map<string, number>();
        toCreate = [];
        for (const row of file.valid) {
          const key = phoneKey(row.data.phone);
          const existing =
            (row.data.email ? byEmail.get(row.data.email) : undefined) ??
            (key ? byPhone.get(key) : undefined);
          if (!existing) toCreate.push(row);
          else if (policy === "skip") skipped++;
          else if (claimed.has(existing.id)) {
            reject(row, `Matches the same contact as line ${claimed.get(existing.id)} of this file`, "email");
          } else {
            claimed.set(existing.id, row.line);
            toUpdate.push({ row, existing });
          }
        }
      }
      const total = toCreate.length + toUpdate.length;
      let done = 0;
      let created = 0;
      opts.onProgress?.({ phase: "importing", done: 0, total });
      for (let start = 0; start < toCreate.length; start += IMPORT_BATCH_SIZE) {
        const batch = toCreate.slice(start, start + IMPORT_BATCH_SIZE);
        // ON CONFLICT DO NOTHING: a row whose email already exists in the organization (even one a teammate
        // added a moment ago) isn't created, and RETURNING tells us which.
        const rows = await tx.contact.createManyAndReturn({
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
        created += rows.length;
        if (rows.length !== batch.length) {
          const createdEmails = new Set(rows.map((c) => c.email));
          for (const row of batch) {
            if (row.data.email && !createdEmails.has(row.data.email)) {
              if (policy === "create")
                reject(row, "A contact with this email already exists in your organization", "email");
              else skipped++; // a teammate added it since we looked
            }
          }
        }
        done += batch.length;
        opts.onProgress?.({ phase: "importing", done, total });
      }
      let updated = 0;
      for (let start = 0; start < toUpdate.length; start += IMPORT_BATCH_SIZE) {
        const batch = toUpdate.slice(start, start + IMPORT_BATCH_SIZE);
        const changes = batch
          .map(({ row, existing }) => ({ existing, ...changesFor(existing, row) }))
          .filter((c) => c.changed.length > 0);
        skipped += batch.length - changes.length; // matched, and nothing to change
        if (changes.length > 0) updated += await updateBatch(tx, ctx, changes);
        done += batch.length;
        opts.onProgress?.({ phase: "importing", done, total });
      }
      const mapping = Object.fromEntries(
        file.map.header.flatMap((h, i) => (file.map.fields[i] ? [[h, file.map.fields[i]]] : [])),
      );
      // One entry for the import itself (the updates have theirs, for each contact's timeline).
      await recordAudit(tx, ctx, {
        action: "contact.imported",
        entityType: "contact_import",
        entityId: randomUUID(),
        newValues: {
          fileName: opts.fileName ?? null,
          rows: file.rows,
          imported: created,
          created,
          updated,
          skipped,
          rejected: rejected.length,
          duplicates: policy,
          mapping,
        },
      });
      await rememberMapping(tx, ctx, file.map, policy);
      return { created, updated, skipped };
    },
    { db: opts.db, timeoutMs: 300_000 },
  );
  await analyzeContactsAfterBulkWrite(ctx, counts.created + counts.updated, { db: opts.db });
  rejected.sort((a, b) => a.line - b.line);
  return {
    imported: counts.created,
    ...counts,
    duplicates: policy,
    rejected,
    rows: file.rows,
    header: file.map.header,
    ignoredColumns: file.map.ignored,
  };
}

/**
 * Writes one batch of updates in one statement, each only if the contact's version is still the one we read: a
 * teammate's edit in between makes the whole import fail (and roll back) rather than overwrite it.
 */
async function updateBatch(
  tx: TenantTx,
  ctx: AuthContext,
  changes: Array<{ existing: ExistingContact } & ReturnType<typeof changesFor>>,
): Promise<number> {
  const rows = changes.map(({ existing, changed, newValues }) => ({
    id: existing.id,
    version: existing.version,
    ...Object.fromEntries(changed.map((f) => [f, newValues[f]])),
  }));
  const updated = await tx.$queryRaw<Array<{ id: string }>>`
    update public.contacts c
       set name = coalesce(v."name", c.name),
           email = coalesce(v."email", c.email),
           phone = coalesce(v."phone", c.phone),
           company = coalesce(v."company", c.company),
           status = coalesce(v."status"::public.contact_status, c.status),
           source = coalesce(v."source", c.source),
           next_follow_up = coalesce(v."nextFollowUp", c.next_follow_up),
           notes = coalesce(v."notes", c.notes),
           version = c.version + 1
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
             id uuid, version int, "name" text, "email" text, "phone" text, "company" text, "status" text,
             "source" text, "nextFollowUp" timestamptz, "notes" text)
     where c.organization_id = ${ctx.organization.id}::uuid and c.id = v.id and c.version = v.version
     returning c.id`;
  if (updated.length !== rows.length) {
    throw new AppError(
      "CONFLICT",
      "A contact this file updates was changed by someone else during the import. Nothing was imported — please import the file again.",
    );
  }
  await recordAuditMany(
    tx,
    ctx,
    changes.map(({ existing, oldValues, newValues }) => ({
      action: "contact.updated",
      entityType: "contact",
      entityId: existing.id,
      oldValues,
      newValues,
    })),
  );
  return updated.length;
}

/** The mapping this header row was imported with, for the next file with the same headers (decision 0026). */
async function rememberMapping(tx: TenantTx, ctx: AuthContext, map: HeaderMap, duplicates: DuplicatePolicy) {
  const key = headerKey(map.header);
  const values = { headers: map.header, fields: map.fields, duplicates, updatedBy: ctx.user.id };
  await tx.contactImportMapping.upsert({
    where: { organizationId_headerKey: { organizationId: ctx.organization.id, headerKey: key } },
    create: { organizationId: ctx.organization.id, headerKey: key, ...values },
    update: values,
  });
}
