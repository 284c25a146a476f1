"use client";
// The contact import's mapping step: each column of the chosen file (its header and a sample value) gets a contact
// field or "Don't import" — suggested from the header names, or the mapping the organization used last time for a
// file with the same headers — a choice for rows matching an existing contact, and a preview of the first rows as
// they will be imported. The server checks the mapping again (lib/modules/crm/import-mapping.ts).
import { useId, useMemo, useState } from "react";
import { Button, Card, controlClasses, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import {
  applyMapping,
  DUPLICATE_POLICIES,
  DUPLICATE_POLICY_LABELS,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  mappingProblem,
  sameHeaders,
  suggestMapping,
  type ColumnMapping,
  type DuplicatePolicy,
  type ImportField,
  type RememberedMapping,
} from "@/lib/modules/crm/client";
import {
  CONTACT_STATUS_LABELS,
  IMPORT_COLUMNS,
  importRowSchema,
  type ImportColumn,
} from "@/lib/modules/crm/schemas";

export const PREVIEW_ROWS = 5;

/** The starting mapping: the remembered one for these headers, else the suggestions. */
export function initialMapping(
  headers: string[],
  remembered: readonly RememberedMapping[],
): { fields: ColumnMapping; duplicates: DuplicatePolicy; remembered: boolean } {
  const found = remembered.find((m) => sameHeaders(m.headers, headers) && !mappingProblem(headers, m.fields));
  return found
    ? { fields: [...found.fields], duplicates: found.duplicates, remembered: true }
    : { fields: suggestMapping(headers), duplicates: "skip", remembered: false };
}

function previewValue(column: ImportColumn, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (column === "status") return CONTACT_STATUS_LABELS[value as keyof typeof CONTACT_STATUS_LABELS] ?? "";
  if (value instanceof Date)
    return value
      .toISOString()
      .replace(/T00:00:00\.000Z$/, "")
      .replace(".000Z", "Z");
  return String(value);
}

export function ImportMappingStep({
  fileName,
  headers,
  rows,
  remembered,
  pending,
  onImport,
  onCancel,
}: {
  fileName: string;
  headers: string[];
  /** The first rows of the file: their line and values as in the file. */
  rows: Array<{ line: number; values: string[] }>;
  remembered: readonly RememberedMapping[];
  pending: boolean;
  onImport: (choice: { fields: ColumnMapping; duplicates: DuplicatePolicy }) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const start = useMemo(() => initialMapping(headers, remembered), [headers, remembered]);
  const [fields, setFields] = useState<ColumnMapping>(start.fields);
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>(start.duplicates);
  const problem = mappingProblem(headers, fields);

  // The preview's columns: the contact fields something is mapped to, in the contact's own order.
  const shown = IMPORT_COLUMNS.filter((c) =>
    c === "name"
      ? fields.some((f) => f === "name" || f === "first_name" || f === "last_name")
      : fields.includes(c),
  );
  const preview = rows.slice(0, PREVIEW_ROWS).map(({ line, values }) => {
    const parsed = importRowSchema.safeParse(applyMapping(fields, values).input);
    return parsed.success
      ? { line, values: shown.map((c) => previewValue(c, parsed.data[c])), problem: null }
      : { line, values: [], problem: [...new Set(parsed.error.issues.map((i) => i.message))].join("; ") };
  });

  return (
    <Card aria-labelledby={`${id}-title`}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) onImport({ fields, duplicates });
        }}
      >
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold">
            Match the columns of {fileName}
          </h2>
          <p className="text-sm text-fg-muted">
            {start.remembered
              ? "Mapped the way your team imported a file with these columns last time."
              : "Suggested from the column names. Change anything that doesn't fit."}
          </p>
        </div>

        <Table label="Columns">
          <THead>
            <Tr>
              <Th>Column in the file</Th>
              <Th className="hidden sm:table-cell">First value</Th>
              <Th>Import as</Th>
            </Tr>
          </THead>
          <TBody>
            {headers.map((header, i) => (
              <Tr key={i}>
                <Td className="font-medium">{header || `Column ${i + 1}`}</Td>
                <Td className="hidden max-w-48 truncate text-fg-muted sm:table-cell">
                  {rows[0]?.values[i] ?? ""}
                </Td>
                <Td>
                  <select
                    aria-label={`Import ${header || `column ${i + 1}`} as`}
                    className={controlClasses(false, "h-9 min-w-40")}
                    value={fields[i] ?? ""}
                    disabled={pending}
                    onChange={(e) =>
                      setFields((prev) =>
                        prev.map((f, j) => (j === i ? (e.target.value as ImportField | "") : f)),
                      )
                    }
                  >
                    <option value="">Don&apos;t import</option>
                    {IMPORT_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {IMPORT_FIELD_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>

        <fieldset className="flex flex-col gap-2" disabled={pending}>
          <legend className="mb-1 text-sm font-medium">
            When a row has the email or phone of a contact you already have
          </legend>
          {DUPLICATE_POLICIES.map((p) => (
            <label key={p} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-duplicates`}
                value={p}
                checked={duplicates === p}
                onChange={() => setDuplicates(p)}
                className="mt-1 accent-[var(--accent)]"
              />
              <span>
                {DUPLICATE_POLICY_LABELS[p].label}
                <span className="block text-xs text-fg-muted">{DUPLICATE_POLICY_LABELS[p].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">
            Preview of the first {Math.min(rows.length, PREVIEW_ROWS)} rows as they will be imported
          </h3>
          {shown.length > 0 && (
            <Table label="Preview">
              <THead>
                <Tr>
                  <Th>Line</Th>
                  {shown.map((c) => (
                    <Th key={c}>{IMPORT_FIELD_LABELS[c]}</Th>
                  ))}
                </Tr>
              </THead>
              <TBody>
                {preview.map((row) => (
                  <Tr key={row.line}>
                    <Td className="tabular-nums text-fg-muted">{row.line}</Td>
                    {row.problem ? (
                      <Td colSpan={shown.length} className="text-danger">
                        Will be rejected: {row.problem}
                      </Td>
                    ) : (
                      row.values.map((v, c) => (
                        <Td key={c} className="max-w-48 truncate">
                          {v}
                        </Td>
                      ))
                    )}
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </div>

        {problem && (
          <p role="alert" className="text-sm text-danger">
            {problem}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={!!problem} pending={pending}>
            {pending ? "Importing…" : "Import contacts"}
          </Button>
          <Button variant="ghost" onClick={onCancel} disabled={pending}>
            Choose another file
          </Button>
        </div>
      </form>
    </Card>
  );
}
