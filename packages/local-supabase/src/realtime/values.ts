// Column values as Realtime sends them: each WAL text value becomes the JSON that Postgres' to_jsonb() gives
// for the column's type (numbers and booleans as JSON scalars, json/jsonb inline, arrays as JSON arrays,
// timestamps in ISO 8601 form, everything else as its text), pre-serialized so numerics keep every digit.

export interface TypeInfo {
  oid: number;
  /** pg_type.typname, what Realtime reports as the column type (e.g. int4, _text, timestamptz). */
  name: string;
  /** The type whose JSON conversion applies: the base type for domains, the type itself otherwise. */
  baseOid: number;
  /** Element type of an array (after resolving domains), 0 otherwise. */
  elemOid: number;
  /** Array element delimiter (`,` for nearly everything). */
  delim: string;
}

const NUMERIC_OIDS = new Set([20, 21, 23, 700, 701, 1700]); // int8, int2, int4, float4, float8, numeric
const BOOL_OID = 16;
const JSON_OIDS = new Set([114, 3802]);
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const TIMESTAMP = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)$/;
const TIMESTAMPTZ = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::(\d\d))?(:\d\d)?$/;

export type TypeLookup = (oid: number) => TypeInfo | undefined;

/** JSON text for one column value (`null` for SQL NULL). */
export function valueToJson(text: string | null, typeOid: number, types: TypeLookup): string {
  if (text === null) return "null";
  const info = types(typeOid);
  const base = info?.baseOid ?? typeOid;
  const baseInfo = base === typeOid ? info : types(base);
  if (baseInfo && baseInfo.elemOid !== 0) {
    const parsed = parseArray(text, baseInfo.delim);
    if (parsed !== undefined) return arrayToJson(parsed, baseInfo.elemOid, types);
    return JSON.stringify(text);
  }
  return scalarToJson(text, base);
}

function scalarToJson(text: string, oid: number): string {
  if (NUMERIC_OIDS.has(oid)) return JSON_NUMBER.test(text) ? text : JSON.stringify(text);
  if (oid === BOOL_OID) return text === "t" ? "true" : text === "f" ? "false" : JSON.stringify(text);
  if (JSON_OIDS.has(oid)) return text;
  if (oid === TIMESTAMP_OID) {
    const m = TIMESTAMP.exec(text);
    return JSON.stringify(m ? `${m[1]}T${m[2]}` : text);
  }
  if (oid === TIMESTAMPTZ_OID) {
    const m = TIMESTAMPTZ.exec(text);
    return JSON.stringify(m ? `${m[1]}T${m[2]}${m[3]}:${m[4] ?? "00"}${m[5] ?? ""}` : text);
  }
  return JSON.stringify(text);
}

type ArrayNode = Array<ArrayNode | string | null>;

function arrayToJson(node: ArrayNode, elemOid: number, types: TypeLookup): string {
  const parts = node.map((item) => {
    if (item === null) return "null";
    if (Array.isArray(item)) return arrayToJson(item, elemOid, types);
    return valueToJson(item, elemOid, types);
  });
  return `[${parts.join(",")}]`;
}

/** Parses a Postgres array literal (`{1,2,NULL}`, `{{"a b",c}}`, `[0:1]={x,y}`); undefined if malformed. */
export function parseArray(text: string, delim = ","): ArrayNode | undefined {
  let s = text;
  if (s.startsWith("[")) {
    const eq = s.indexOf("=");
    if (eq < 0) return undefined;
    s = s.slice(eq + 1);
  }
  let pos = 0;
  const parseLevel = (): ArrayNode | undefined => {
    if (s[pos] !== "{") return undefined;
    pos++;
    const out: ArrayNode = [];
    if (s[pos] === "}") {
      pos++;
      return out;
    }
    for (;;) {
      const ch = s[pos];
      if (ch === "{") {
        const inner = parseLevel();
        if (inner === undefined) return undefined;
        out.push(inner);
      } else if (ch === '"') {
        pos++;
        let value = "";
        for (;;) {
          const c = s[pos];
          if (c === undefined) return undefined;
          if (c === "\\") {
            const next = s[pos + 1];
            if (next === undefined) return undefined;
            value += next;
            pos += 2;
          } else if (c === '"') {
            pos++;
            break;
          } else {
            value += c;
            pos++;
          }
        }
        out.push(value);
      } else {
        let value = "";
        while (pos < s.length && s[pos] !== delim && s[pos] !== "}") {
          value += s[pos];
          pos++;
        }
        const trimmed = value.trim();
        out.push(trimmed.toUpperCase() === "NULL" ? null : trimmed);
      }
      const sep = s[pos];
      if (sep === delim) {
        pos++;
        continue;
      }
      if (sep === "}") {
        pos++;
        return out;
      }
      return undefined;
    }
  };
  const result = parseLevel();
  if (result === undefined || pos !== s.length) return undefined;
  return result;
}
