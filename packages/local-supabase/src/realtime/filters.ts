// postgres_changes subscription parameters: parsing `{event, schema, table, filter, select}` the way Realtime
// does (same operators, `not.` negation, comma-separated AND, `in.(a,b)`, quoted values, same error texts),
// and evaluating a filter against a WAL value with the column type's Postgres semantics. Comparisons whose
// semantics JavaScript can't reproduce exactly (collations, enums, jsonb order, like/regex…) are answered
// "sql" and evaluated by Postgres (realtime_local.eval_filters).

export const FILTER_OPS = [
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "like",
  "ilike",
  "is",
  "match",
  "imatch",
  "isdistinct",
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface ParsedFilter {
  column: string;
  op: FilterOp;
  /** The value as Realtime stores it: unquoted; for `in`, a Postgres array literal `{a,b}`. */
  value: string;
  negate: boolean;
}

export type EventFilter = "*" | "INSERT" | "UPDATE" | "DELETE";

export interface SubscriptionParams {
  event: EventFilter;
  schema: string; // "*" for all
  table: string; // "*" for all
  filters: ParsedFilter[];
  select: string[] | null;
}

/** Elixir's inspect() of a list of strings / a string map, for error texts that read like Realtime's. */
const inspectList = (items: string[]) => `[${items.map((s) => JSON.stringify(s)).join(", ")}]`;
const inspectMap = (obj: Record<string, unknown>) =>
  `%{${Object.entries(obj)
    .map(([k, v]) => `${JSON.stringify(k)} => ${JSON.stringify(v) ?? "nil"}`)
    .join(", ")}}`;

export function parseSubscriptionParams(
  params: Record<string, unknown>,
): { ok: true; value: SubscriptionParams } | { ok: false; error: string } {
  const event = actionFilter(params.event);
  const select = parseSelect(params.select);
  if (!select.ok) return select;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(params, k);
  const { schema, table, filter } = params;
  let result: SubscriptionParams;
  if (typeof schema === "string" && typeof table === "string" && typeof filter === "string") {
    const filters = parseFilters(filter);
    if (!filters.ok) return { ok: false, error: `Error parsing \`filter\` params: ${filters.error}` };
    result = { event, schema, table, filters: filters.value, select: select.value };
  } else if (typeof schema === "string" && typeof table === "string" && !has("filter")) {
    result = { event, schema, table, filters: [], select: select.value };
  } else if (typeof schema === "string" && !has("table") && !has("filter")) {
    result = { event, schema, table: "*", filters: [], select: select.value };
  } else if (typeof table === "string" && !has("schema") && !has("filter")) {
    result = { event, schema: "public", table, filters: [], select: select.value };
  } else {
    const shown = has("user_token") || has("auth_token") ? "<redacted>" : inspectMap(params);
    return {
      ok: false,
      error: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${shown}`,
    };
  }
  if (result.select && (result.schema === "*" || result.table === "*")) {
    return {
      ok: false,
      error:
        "Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.",
    };
  }
  return { ok: true, value: result };
}

function actionFilter(event: unknown): EventFilter {
  if (typeof event !== "string") return "*";
  const up = event.toUpperCase();
  return up === "INSERT" || up === "UPDATE" || up === "DELETE" ? up : "*";
}

function parseSelect(select: unknown): { ok: true; value: string[] | null } | { ok: false; error: string } {
  if (Array.isArray(select)) {
    const cols = select.filter((c): c is string => typeof c === "string");
    return { ok: true, value: cols.length > 0 ? cols : null };
  }
  if (typeof select === "string") {
    return {
      ok: false,
      error:
        'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    };
  }
  return { ok: true, value: null };
}

function parseFilters(filter: string): { ok: true; value: ParsedFilter[] } | { ok: false; error: string } {
  const trimmed = filter.trim();
  if (trimmed === "") return { ok: true, value: [] };
  const out: ParsedFilter[] = [];
  for (const segment of splitTopLevel(trimmed)) {
    const parsed = parseSegment(segment);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** Splits on commas outside parentheses and outside double-quoted values (a quote opens a value after . ( ,). */
function splitTopLevel(filter: string): string[] {
  const parts: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  let prev = "";
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i]!;
    if (quoted) {
      if (ch === "\\" && i + 1 < filter.length) {
        current += ch + filter[i + 1];
        prev = filter[i + 1]!;
        i++;
        continue;
      }
      if (ch === '"') quoted = false;
      current += ch;
    } else if (ch === '"' && (prev === "." || prev === "(" || prev === ",")) {
      quoted = true;
      current += ch;
    } else if (ch === "(") {
      depth++;
      current += ch;
    } else if (ch === ")") {
      depth = Math.max(0, depth - 1);
      current += ch;
    } else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      prev = "";
      continue;
    } else {
      current += ch;
    }
    prev = ch;
  }
  parts.push(current);
  return parts;
}

function parseSegment(segment: string): { ok: true; value: ParsedFilter } | { ok: false; error: string } {
  const trimmed = segment.trim();
  if (trimmed === "")
    return { ok: false, error: "filter must not contain empty segments (check for extra commas)" };
  const eq = trimmed.indexOf("=");
  if (eq < 0) return { ok: false, error: inspectList([trimmed]) };
  const column = trimmed.slice(0, eq);
  let rest = trimmed.slice(eq + 1);
  let negate = false;
  if (rest.startsWith("not.")) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf(".");
  if (dot < 0) return { ok: false, error: inspectList([rest]) };
  const op = rest.slice(0, dot);
  const raw = rest.slice(dot + 1);
  if (!(FILTER_OPS as readonly string[]).includes(op)) return { ok: false, error: inspectList([op, raw]) };
  if (op === "in") {
    if (raw.length < 2 || !raw.startsWith("(") || !raw.endsWith(")")) {
      return { ok: false, error: "`in` filter value must be wrapped by parentheses" };
    }
    return { ok: true, value: { column, op: "in", value: `{${raw.slice(1, -1)}}`, negate } };
  }
  return { ok: true, value: { column, op: op as FilterOp, value: unquote(raw), negate } };
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let out = "";
  for (let i = 1; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === "\\" && i + 1 < value.length) {
      out += value[i + 1];
      i++;
    } else if (ch === '"') {
      return i === value.length - 1 ? out : value;
    } else {
      out += ch;
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

/** How a filter's comparison is computed for its column type. */
export type CompareMode = "numeric" | "text" | "sql";

export interface CompiledFilter {
  column: string;
  op: FilterOp;
  negate: boolean;
  /** Column type (for the Postgres fallback), its base type (domains resolved), how JavaScript compares it. */
  typeOid: number;
  baseOid: number;
  eqMode: CompareMode;
  orderMode: CompareMode;
  /** The filter value as Realtime stored it (Postgres fallback input). */
  value: string;
  /** Canonical text of the value cast to the column type (eq/neq/lt/… ) */
  canonical: string | null;
  /** Canonical texts of the `in` list elements. */
  canonicalList: string[] | null;
}

// Types whose canonical text output is equal iff the values are equal, and for `orderable`, whose byte order
// is the type's order (given ISO DateStyle, UTC and hex bytea output on our connections).
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]); // int8 int2 int4 oid float4 float8 numeric
const TEXT_EQUALITY_TYPES = new Set([16, 17, 19, 25, 1043, 1082, 1083, 1114, 1184, 2950, 3802]);
const TEXT_ORDER_TYPES = new Set([16, 17, 1082, 1083, 1114, 1184, 2950]);
const COLLATED_TYPES = new Set([19, 25, 1043]); // name text varchar

export interface ColumnTypeFacts {
  /** Base type (domains resolved). */
  baseOid: number;
  isEnum: boolean;
  /** The column's collation compares bytes (C / POSIX) */
  byteCollation: boolean;
  /** The column's collation is deterministic (equal iff same bytes). */
  deterministicCollation: boolean;
}

export function compareModes(facts: ColumnTypeFacts): { eqMode: CompareMode; orderMode: CompareMode } {
  const t = facts.baseOid;
  if (NUMERIC_TYPES.has(t)) return { eqMode: "numeric", orderMode: "numeric" };
  if (facts.isEnum) return { eqMode: "text", orderMode: "sql" };
  if (COLLATED_TYPES.has(t)) {
    return {
      eqMode: facts.deterministicCollation ? "text" : "sql",
      orderMode: facts.byteCollation ? "text" : "sql",
    };
  }
  return {
    eqMode: TEXT_EQUALITY_TYPES.has(t) ? "text" : "sql",
    orderMode: TEXT_ORDER_TYPES.has(t) ? "text" : "sql",
  };
}

const ISO_DATE_START = /^\d{4}-\d\d-\d\d/;
const DATE_TYPES = new Set([1082, 1114, 1184]);

/**
 * Whether `value` (the column's WAL text, null for SQL NULL, undefined when absent) passes the filter:
 * true/false, or "sql" when Postgres must decide.
 */
export function evaluateFilter(f: CompiledFilter, value: string | null | undefined): boolean | "sql" {
  if (value === undefined) return false; // not in the change: an unevaluable filter fails closed
  if (f.op === "is" || f.op === "isdistinct") return "sql";
  if (value === null) return false; // NULL compares to NULL (not true) in SQL
  let result: boolean | "sql";
  switch (f.op) {
    case "eq":
    case "neq": {
      const eq = equals(f, value, f.canonical!);
      result = eq === "sql" ? "sql" : f.op === "eq" ? eq : !eq;
      break;
    }
    case "in": {
      result = false;
      for (const candidate of f.canonicalList ?? []) {
        const eq = equals(f, value, candidate);
        if (eq === "sql") {
          result = "sql";
          break;
        }
        if (eq) {
          result = true;
          break;
        }
      }
      break;
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const cmp = order(f, value, f.canonical!);
      if (cmp === "sql") result = "sql";
      else if (f.op === "lt") result = cmp < 0;
      else if (f.op === "lte") result = cmp <= 0;
      else if (f.op === "gt") result = cmp > 0;
      else result = cmp >= 0;
      break;
    }
    default:
      result = "sql";
  }
  if (result === "sql") return "sql";
  return f.negate ? !result : result;
}

function equals(f: CompiledFilter, a: string, b: string): boolean | "sql" {
  if (f.eqMode === "numeric") return compareNumeric(a, b) === 0;
  if (f.eqMode === "text") return a === b;
  return "sql";
}

function order(f: CompiledFilter, a: string, b: string): number | "sql" {
  if (f.orderMode === "numeric") return compareNumeric(a, b);
  if (f.orderMode !== "text") return "sql";
  // Dates before year 1000, after 9999, BC or infinite don't sort as text.
  if (DATE_TYPES.has(f.baseOid)) {
    const plain = (s: string) => ISO_DATE_START.test(s) && !s.endsWith(" BC");
    if (!plain(a) || !plain(b)) return "sql";
  }
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

interface NumberParts {
  kind: "num" | "nan" | "inf" | "-inf";
  negative: boolean;
  /** Significant digits without leading/trailing zeros ("" for zero). */
  digits: string;
  /** value = 0.digits × 10^magnitude */
  magnitude: number;
}

function parseNumber(text: string): NumberParts | null {
  const t = text.trim();
  if (/^\+?(Infinity|inf)$/i.test(t)) return { kind: "inf", negative: false, digits: "", magnitude: 0 };
  if (/^-(Infinity|inf)$/i.test(t)) return { kind: "-inf", negative: true, digits: "", magnitude: 0 };
  if (/^NaN$/i.test(t)) return { kind: "nan", negative: false, digits: "", magnitude: 0 };
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const intPart = m[2] ?? "";
  const fracPart = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  const all = intPart + fracPart;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { kind: "num", negative: false, digits: "", magnitude: 0 };
  const digits = all.slice(lead).replace(/0+$/, "");
  return { kind: "num", negative: m[1] === "-", digits, magnitude: intPart.length - lead + exp };
}

/** Compares two numeric texts exactly (any precision), with Postgres' order: -Infinity < n < Infinity < NaN. */
export function compareNumeric(a: string, b: string): number {
  const x = parseNumber(a);
  const y = parseNumber(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  const rank = (p: NumberParts) => (p.kind === "-inf" ? 0 : p.kind === "num" ? 1 : p.kind === "inf" ? 2 : 3);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (x.kind !== "num") return 0;
  const sign = (p: NumberParts) => (p.digits === "" ? 0 : p.negative ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) - sign(y);
  if (sign(x) === 0) return 0;
  let cmp: number;
  if (x.magnitude !== y.magnitude) cmp = x.magnitude - y.magnitude;
  else {
    const len = Math.max(x.digits.length, y.digits.length);
    const dx = x.digits.padEnd(len, "0");
    const dy = y.digits.padEnd(len, "0");
    cmp = dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  return sign(x) < 0 ? -cmp : cmp;
}
