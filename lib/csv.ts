// Writing CSV, once for every export (the audit log's, the import's rejected-rows report): fields quoted when they
// hold a separator, a quote or a line break (";" too, for spreadsheets set to semicolons), and defused against
// formula injection — a cell starting with = + - @ tab or CR is a formula to a spreadsheet, so a leading ' keeps
// it text. Objects are written as JSON. Client-safe. (Reading CSV is the import's: lib/modules/crm/csv.ts.)

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map(csvLine).join("");
}
