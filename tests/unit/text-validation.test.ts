// Every field of every module's schemas refuses control characters (NUL above all: Postgres text can't hold
// it, and the write would fail as a generic server error). The schemas are iterated, not hand-picked, so a
// field added later without the shared text() helper fails here.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as account from "@/lib/modules/account/schemas";
import * as activity from "@/lib/modules/activity/schemas";
import * as crm from "@/lib/modules/crm/schemas";
import * as organizations from "@/lib/modules/organizations/schemas";
import * as transactions from "@/lib/modules/transactions/schemas";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "@/lib/validation";

const MODULES = { account, activity, crm, organizations, transactions };
/** Notes are the only textarea (contacts, and the import's notes column): tab, newline and CR are allowed. */
const isMultiline = (name: string) => name.endsWith(".notes");

/** Every field of every exported schema (an object's keys; any other schema counts as one field). */
function fields(): Array<{ name: string; schema: z.ZodType }> {
  const out: Array<{ name: string; schema: z.ZodType }> = [];
  for (const [module, exports] of Object.entries(MODULES)) {
    for (const [exportName, value] of Object.entries(exports)) {
      if (!(value instanceof z.ZodType)) continue;
      if (value instanceof z.ZodObject) {
        for (const [key, field] of Object.entries(value.shape as Record<string, z.ZodType>))
          out.push({ name: `${module}.${exportName}.${key}`, schema: field });
      } else {
        out.push({ name: `${module}.${exportName}`, schema: value });
      }
    }
  }
  return out;
}

/** Valid values of the kinds of string fields there are; a field is checked with every one it accepts. */
const SAMPLES = [
  "Maple Realty 12",
  "maple-realty",
  "/dashboard",
  "ada@example.com",
  "0b9f8a52-3c1e-4d6b-9f0a-2e5c7d8b1a34",
  "2026-05-01",
];
const FREE_TEXT_SAMPLE = SAMPLES[0]!;
/** Free text: the field takes a sentence and gives it back as text (a date field parses it into a Date). */
const isFreeText = (schema: z.ZodType) => schema.safeParse(FREE_TEXT_SAMPLE).data === FREE_TEXT_SAMPLE;
const insert = (sample: string, ch: string) => sample.slice(0, 4) + ch + sample.slice(4);

function containsControl(value: unknown): boolean {
  if (typeof value === "string") return hasControlCharacters(value);
  if (value && typeof value === "object") return Object.values(value).some(containsControl);
  return false;
}

/** The field either refuses the value or yields output without control characters (fields that fall back). */
function check(schema: z.ZodType, value: string) {
  const r = schema.safeParse(value);
  return r.success
    ? { refused: false, leaked: containsControl(r.data), messages: [] as string[] }
    : { refused: true, leaked: false, messages: r.error.issues.map((i) => i.message) };
}

const ALL = fields();

describe("control characters in schema fields", () => {
  it("finds the free-text fields of every module (the iteration is not vacuous)", () => {
    const freeText = ALL.filter((f) => isFreeText(f.schema)).map((f) => f.name);
    for (const name of [
      "account.signupSchema.name",
      "account.loginSchema.password",
      "activity.auditFilterSchema.action",
      "crm.contactFieldsSchema.notes",
      "crm.importRowSchema.company",
      "organizations.updateOrganizationSchema.name",
      "transactions.createLoopSchema.propertyAddress",
      "transactions.addTaskSchema.title",
    ])
      expect(freeText).toContain(name);
    expect(freeText.length).toBeGreaterThan(40);
  });

  it.each(ALL.map((f) => [f.name, f.schema] as const))("%s never lets NUL through", (_name, schema) => {
    for (const sample of SAMPLES.filter((s) => schema.safeParse(s).success)) {
      expect(check(schema, insert(sample, "\u0000")).leaked).toBe(false);
    }
  });

  it.each(ALL.filter((f) => isFreeText(f.schema)).map((f) => [f.name, f.schema] as const))(
    "%s refuses control characters with a field error that says so",
    (name, schema) => {
      const forbidden = ["\u0000", "\u0001", "\u0008", "\u001b", "\u007f"];
      if (!isMultiline(name)) forbidden.push("\t", "\n", "\r");
      for (const ch of forbidden) {
        const result = check(schema, insert(FREE_TEXT_SAMPLE, ch));
        expect(result.leaked, JSON.stringify(ch)).toBe(false);
        if (result.refused) expect(result.messages, JSON.stringify(ch)).toContain(CONTROL_CHARACTERS_MESSAGE);
      }
    },
  );

  it("keeps tab, newline and carriage return in multi-line text", () => {
    const multiline = ALL.filter((f) => isMultiline(f.name));
    expect(multiline.map((f) => f.name)).toContain("crm.importRowSchema.notes");
    for (const { schema } of multiline)
      expect(schema.parse("Line one\r\n\tLine two")).toBe("Line one\r\n\tLine two");
  });
});
