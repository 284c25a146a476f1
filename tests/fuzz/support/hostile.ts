// Property-based input for every write: each service is driven, through the same action() wrapper its server action
// uses (zod first, then the service's tenant transaction, every failure mapped to an ActionResult), with inputs
// built from its schema's field names — plausible values (the tenant's real ids, valid text, dates) mixed with hostile
// ones: long, empty, NUL and control characters, odd unicode, `__proto__`/`constructor` keys, numbers at the edges,
// wrong types — plus fields a client must never set (organizationId, role, createdBy, version, id…). The property:
// never an INTERNAL result, never a raw error, never SQL or a stack trace in a message. What was stored is checked
// afterwards (tests/fuzz/support/invariants.ts). FUZZ_RUNS sets the runs per service (default 1,000).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { z } from "zod";
import { action } from "@/lib/action";
import type { AuthContext } from "@/lib/auth/authorize";
import type { ActionResult } from "@/lib/errors";

export const RUNS = Number(process.env.FUZZ_RUNS || 1000);

/** Results a user may see: anything but INTERNAL. */
const EXPECTED_CODES = new Set([
  "VALIDATION",
  "NOT_FOUND",
  "CONFLICT",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "RATE_LIMITED",
]);

const CONTROL_AND_ODD = [
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "tab\there",
  "line\nbreak\r\n",
  "\u007f",
  "\u202Eevil\u202C",
  "\uFEFFbom",
  "\uD800",
  "🏠🔑👩‍👩‍👧",
  "Zoë Ærøskøbing",
  "'; drop table contacts; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "%00",
  "null",
  "undefined",
  "NaN",
];

export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONTROL_AND_ODD) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "   ") },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => "x".repeat(n * 4000)) },
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, -(2 ** 31), 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1 + 0.2),
  fc.double(),
  fc.integer(),
);

/** An object whose own keys include __proto__ and constructor (as JSON.parse makes them). */
const pollutedObject = fc
  .constant(null)
  .map(
    () =>
      JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  );

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 5 }) },
  { weight: 1, arbitrary: pollutedObject },
  { weight: 1, arbitrary: fc.constant({ toString: "boom", valueOf: 42 }) },
);

/** What the world offers as plausible values, by field name. */
export interface World {
  /** The organization's slug (and another's, and junk). */
  organization: string;
  otherOrganization: string;
  /** Real ids of the tenant's records and of another tenant's, by kind. */
  ids: Record<string, string[]>;
}

const isoDate = fc
  .integer({ min: -400, max: 400 })
  .map((d) => new Date(Date.UTC(2026, 11, 6) + d * 86_400_000).toISOString().slice(0, 10));

/** A plausible value for a field, guessed from its name; undefined when the name says nothing. */
function plausible(field: string, world: World): fc.Arbitrary<unknown> | undefined {
  const allIds = Object.values(world.ids).flat();
  const idsOf = (kind: string) => world.ids[kind] ?? [];
  if (field === "organization")
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(world.organization) },
      { weight: 1, arbitrary: fc.constant(world.otherOrganization) },
    );
  if (/assign/i.test(field)) return fc.oneof(fc.constantFrom(...idsOf("user")), fc.constant(""));
  if (/ids$/i.test(field)) return fc.array(fc.constantFrom(...allIds, randomUUID()), { maxLength: 6 });
  if (/id$/i.test(field)) {
    const kind = field.replace(/Id$/, "");
    const mine = idsOf(kind);
    return fc.constantFrom(...(mine.length ? mine : allIds), ...allIds.slice(0, 3), randomUUID());
  }
  if (/email/i.test(field)) return fc.oneof(fc.emailAddress(), fc.constant(""));
  if (/phone/i.test(field)) return fc.constantFrom("+1 555 010 0000", "(555) 201-4410", "");
  if (/name|title|address|label|note|company|source/i.test(field))
    return fc.oneof(
      fc.constantFrom("Amelia Brown", "Zoë Haddad-Ærøskøbing", "12 Harbour Road", "O'Neil & Sons"),
      fc.string({ minLength: 1, maxLength: 60 }),
    );
  if (/date|closing|followUp|close/i.test(field)) return fc.oneof(isoDate, fc.constant(""));
  if (/price|value|amount/i.test(field))
    return fc.oneof(fc.integer({ min: 0, max: 5_000_000 }).map(String), fc.constant(""));
  if (/days|offset|order|page|version/i.test(field)) return fc.integer({ min: -5, max: 400 });
  if (/required|completed|enabled|reviewer|digest|follow/i.test(field)) return fc.boolean();
  return fc.string({ minLength: 1, maxLength: 60 });
}

/** Fields no client may set; a service must ignore or refuse them, never apply them. */
export function massAssignment(world: World): fc.Arbitrary<Record<string, unknown>> {
  const someone = Object.values(world.ids).flat()[0] ?? randomUUID();
  return fc
    .subarray([
      ["organizationId", someone],
      ["organization_id", someone],
      ["role", "OWNER"],
      ["globalRole", "SUPER_ADMIN"],
      ["createdBy", someone],
      ["created_by", someone],
      ["uploadedBy", someone],
      ["version", 999_999],
      ["id", randomUUID()],
      ["deletedAt", new Date(0).toISOString()],
    ] as const)
    .map((pairs) => Object.fromEntries(pairs));
}

type Def = {
  type?: string;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  values?: unknown[];
} & Record<string, unknown>;
const defOf = (schema: unknown): Def => ((schema as { def?: Def })?.def ?? {}) as Def;

/** The fields a schema reads, with their schemas: a zod object's shape (through effects and unions, as far as they go). */
export function fieldsOf(schema: z.ZodType): Array<[string, z.ZodType]> {
  const def = defOf(schema);
  if (def.shape && typeof def.shape === "object") return Object.entries(def.shape);
  for (const inner of ["in", "schema", "innerType"]) {
    if (def[inner]) return fieldsOf(def[inner] as z.ZodType);
  }
  if (Array.isArray(def.options)) {
    const all = new Map<string, z.ZodType>();
    for (const option of def.options as z.ZodType[]) for (const [k, v] of fieldsOf(option)) all.set(k, v);
    return [...all];
  }
  return [];
}

/** Values of a field's type when it is a closed set (enum, literal, boolean), through optional/default/pipe wrappers. */
function closedValues(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> | undefined {
  const def = defOf(schema);
  if (def.type === "enum" && def.entries) return fc.constantFrom(...Object.values(def.entries));
  if (def.type === "literal" && Array.isArray(def.values) && def.values.length)
    return fc.constantFrom(...def.values);
  if (def.type === "boolean") return fc.boolean();
  if (def.type === "array" && def.element) {
    const element = closedValues(def.element as z.ZodType, depth + 1);
    return element ? fc.array(element, { maxLength: 4 }) : undefined;
  }
  if (depth > 6) return undefined;
  for (const inner of ["innerType", "in", "schema", "out"]) {
    if (def[inner]) {
      const found = closedValues(def[inner] as z.ZodType, depth + 1);
      if (found) return found;
    }
  }
  if (Array.isArray(def.options)) {
    const found = (def.options as z.ZodType[])
      .map((o) => closedValues(o, depth + 1))
      .filter((a) => a !== undefined);
    if (found.length) return fc.oneof(...found);
  }
  return undefined;
}

/** Inputs for a schema: each field plausible or hostile (or missing), plus mass-assignment fields. */
export function inputsFor(
  schema: z.ZodType,
  world: World,
  extra: Record<string, fc.Arbitrary<unknown>> = {},
) {
  const fields = fieldsOf(schema);
  const names = fields.map(([f]) => f);
  const good: Record<string, fc.Arbitrary<unknown>> = {};
  const mixed: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [field, fieldSchema] of fields) {
    const plausibleValue = extra[field] ?? closedValues(fieldSchema) ?? plausible(field, world);
    good[field] = plausibleValue ?? hostileValue;
    mixed[field] = plausibleValue
      ? fc.oneof({ weight: 3, arbitrary: plausibleValue }, { weight: 1, arbitrary: hostileValue })
      : hostileValue;
  }
  const requiredKeys = names.filter((f) => f === "organization");
  // Mostly one hostile field in an otherwise plausible input, so the hostile value reaches the service and the
  // database; sometimes everything mixed.
  const oneFault =
    names.length === 0
      ? fc.constant({})
      : fc
          .tuple(fc.record(good, { requiredKeys }), fc.constantFrom(...names), hostileValue)
          .map(([input, field, value]) => ({ ...input, [field]: value }));
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: oneFault },
        { weight: 1, arbitrary: fc.record(good, { requiredKeys }) },
        { weight: 2, arbitrary: fc.record(mixed, { requiredKeys }) },
      ),
      massAssignment(world),
    )
    .map(([input, mass]) => ({ ...mass, ...input }));
}

export const LEAK =
  /\b(select|insert|update|delete)\b.+\b(from|into|set|where)\b|prisma|postgres|\n\s+at |node_modules|\bP20\d\d\b/i;

/** Runs the property for one service; returns the results' codes, for the caller to see what was reached. */
export async function fuzzService<S extends z.ZodType, T>(
  name: string,
  schema: S,
  service: (ctx: AuthContext, input: z.input<S>) => Promise<T>,
  ctx: AuthContext,
  world: World,
  opts: { runs?: number; extra?: Record<string, fc.Arbitrary<unknown>> } = {},
): Promise<Map<string, number>> {
  const run = action(name, schema, (input) => service(ctx, input as z.input<S>));
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(inputsFor(schema, world, opts.extra), async (input) => {
      let result: ActionResult<T>;
      try {
        result = await run(input as z.input<S>);
      } catch (err) {
        throw new Error(`${name} threw instead of answering: ${(err as Error).message}`);
      }
      const code = result.ok ? "OK" : result.error.code;
      seen.set(code, (seen.get(code) ?? 0) + 1);
      if (!result.ok) {
        if (!EXPECTED_CODES.has(result.error.code))
          throw new Error(`${name} answered ${result.error.code}: ${result.error.message}`);
        if (LEAK.test(result.error.message))
          throw new Error(`${name} leaked internals: ${result.error.message}`);
      }
    }),
    { numRuns: opts.runs ?? RUNS, endOnFailure: true },
  );
  return seen;
}
