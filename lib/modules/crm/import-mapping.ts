// The contact import's column mapping, shared by the browser's mapping step and the server that applies it
// (client-safe, no dependencies): which contact field each CSV column fills, suggestions from the header names
// real exports use (Follow Up Boss, kvCORE, Google and Outlook contacts), the rules a mapping must satisfy (the
// server checks them again, it never trusts the browser's), and how a row's values become a contact.

/** What a CSV column can fill. "" is "Don't import". first_name + last_name make the name when name is empty. */
export const IMPORT_FIELDS = [
  "name",
  "first_name",
  "last_name",
  "email",
  "phone",
  "company",
  "status",
  "source",
  "next_follow_up",
  "notes",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Array<ImportField | "">;

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: "Name",
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  status: "Status",
  source: "Source",
  next_follow_up: "Next follow-up",
  notes: "Notes",
};

/** What to do with a row whose email or phone matches a contact the organization already has. */
export const DUPLICATE_POLICIES = ["skip", "update", "create"] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const DUPLICATE_POLICY_LABELS: Record<DuplicatePolicy, { label: string; hint: string }> = {
  skip: { label: "Skip it", hint: "Keep the existing contact as it is." },
  update: {
    label: "Update the existing contact",
    hint: "Fill in the mapped columns; empty cells don't erase anything.",
  },
  create: {
    label: "Create a new contact anyway",
    hint: "Only when the email differs: two contacts can't share an email.",
  },
};

const normalize = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

// Normalized header → field. Google's "E-mail 1 - Value", Outlook's "E-mail Address", Follow Up Boss's "Email 1",
// kvCORE's "Lead Source" … Anything not listed is "Don't import" until someone maps it.
const ALIASES: Record<string, ImportField> = Object.fromEntries(
  (
    [
      ["name", ["name", "full name", "contact", "contact name", "display name", "lead name", "client name"]],
      ["first_name", ["first name", "firstname", "first", "given name", "forename"]],
      ["last_name", ["last name", "lastname", "last", "family name", "surname"]],
      [
        "email",
        [
          "email",
          "e mail",
          "email address",
          "e mail address",
          "email 1",
          "e mail 1",
          "email 1 value",
          "e mail 1 value",
          "primary email",
          "personal email",
          "work email",
        ],
      ],
      [
        "phone",
        [
          "phone",
          "phone number",
          "phone 1",
          "phone 1 value",
          "mobile",
          "mobile phone",
          "cell",
          "cell phone",
          "primary phone",
          "home phone",
          "business phone",
          "work phone",
          "telephone",
        ],
      ],
      [
        "company",
        ["company", "company name", "organization", "organisation", "organization name", "brokerage"],
      ],
      // Not "Stage": Follow Up Boss's stages (Active Client, Closed, Trash …) aren't Hearth's statuses, and a value
      // that isn't one rejects the row; mapping it is left to the person who knows what their stages mean.
      ["status", ["status", "lead status", "contact status"]],
      ["source", ["source", "lead source", "contact source", "lead type"]],
      [
        "next_follow_up",
        ["next follow up", "follow up", "follow up date", "next followup", "next task date"],
      ],
      ["notes", ["notes", "note", "background", "description", "comments"]],
    ] as Array<[ImportField, string[]]>
  ).flatMap(([field, names]) => names.map((n) => [n, field])),
);

/** The field a header suggests, or "" when it suggests none. */
export function suggestField(header: string): ImportField | "" {
  return ALIASES[normalize(header)] ?? "";
}

/** A suggestion per column; a field goes to the first column that suggests it ("Email 1" over "Email 2"). */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const used = new Set<ImportField>();
  return headers.map((h) => {
    const field = suggestField(h);
    if (!field || used.has(field)) return "";
    used.add(field);
    return field;
  });
}

/** A mapping the organization used before, offered again for a file with the same header row. */
export interface RememberedMapping {
  headers: string[];
  fields: ColumnMapping;
  duplicates: DuplicatePolicy;
}

/** Headers compared the way a remembered mapping is looked up: trimmed, case-insensitive, in order. */
export function normalizedHeaders(headers: readonly string[]): string[] {
  return headers.map((h) => h.trim().toLowerCase());
}

export function sameHeaders(a: readonly string[], b: readonly string[]): boolean {
  const x = normalizedHeaders(a);
  const y = normalizedHeaders(b);
  return x.length === y.length && x.every((h, i) => h === y[i]);
}

/** Why a mapping can't be used with these headers, or null when it can. */
export function mappingProblem(headers: readonly string[], fields: readonly string[]): string | null {
  if (fields.length !== headers.length) {
    return `The mapping has ${fields.length} columns but the file's header has ${headers.length}. Choose the file again.`;
  }
  const seen = new Map<string, number>();
  for (const [i, f] of fields.entries()) {
    if (f === "") continue;
    if (!(IMPORT_FIELDS as readonly string[]).includes(f)) return `“${f}” isn't a contact field.`;
    const first = seen.get(f);
    if (first !== undefined) {
      return `“${headers[first]}” and “${headers[i]}” both fill ${IMPORT_FIELD_LABELS[f as ImportField]}. Choose one.`;
    }
    seen.set(f, i);
  }
  if (!seen.has("name") && !seen.has("first_name") && !seen.has("last_name")) {
    return `Map a column to Name (or to First name and Last name): every contact needs a name.`;
  }
  return null;
}

/**
 * A row's values as the contact fields they fill (input for importRowSchema), and which fields the row actually
 * gives a value for — an update fills only those, so an empty cell never erases what a contact has.
 */
export function applyMapping(
  fields: ColumnMapping,
  values: readonly string[],
): { input: Record<string, string>; provided: Set<string> } {
  const input: Record<string, string> = {};
  const parts: Partial<Record<"first_name" | "last_name", string>> = {};
  fields.forEach((f, i) => {
    if (!f) return;
    const v = values[i] ?? "";
    if (f === "first_name" || f === "last_name") parts[f] = v.trim();
    else input[f] = v;
  });
  if (!input.name?.trim() && (parts.first_name || parts.last_name)) {
    input.name = [parts.first_name, parts.last_name].filter(Boolean).join(" ");
  }
  const provided = new Set(Object.keys(input).filter((k) => input[k]!.trim() !== ""));
  return { input, provided };
}

/** The columns (by index) a field's value came from, to point an error at the file's own header. */
export function columnsOf(fields: ColumnMapping, field: string): number[] {
  const direct = fields.flatMap((f, i) => (f === field ? [i] : []));
  if (field !== "name") return direct;
  return [...direct, ...fields.flatMap((f, i) => (f === "first_name" || f === "last_name" ? [i] : []))];
}

/** A phone's match key: its last 10 digits (so +1 555 010 0199 matches 555-010-0199); too short to match under 7. */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length >= 7 ? digits.slice(-10) : null;
}
