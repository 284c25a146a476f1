// Client-safe zod building blocks that every module's schemas.ts uses for text a person typed.
//
// Control characters are refused once, here: nobody types NUL or an escape code into a field, and Postgres text
// can't hold NUL at all (the write fails with SQLSTATE 22021), so letting one through turns a typo-sized
// problem into a generic server error. Multi-line text keeps tab, newline and carriage return.
import { z } from "zod";

/** C0 control characters (U+0000–U+001F) and DEL. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;
/** The same without tab, newline and carriage return. */
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const CONTROL_CHARACTERS_MESSAGE = "Can't contain control characters";

export interface TextOptions {
  /** Allows tab, newline and carriage return (a textarea). */
  multiline?: boolean;
  /** Trims surrounding whitespace (default true; passwords are taken as typed). */
  trim?: boolean;
  /** Message when the value is missing or not a string. */
  error?: string;
}

export function hasControlCharacters(value: string, opts: Pick<TextOptions, "multiline"> = {}): boolean {
  return (opts.multiline ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS).test(value);
}

/** Text a person typed: trimmed, without control characters. Chain `.min()`/`.max()` for its length. */
export function text(opts: TextOptions = {}) {
  const base = z.string(opts.error ? { error: opts.error } : undefined);
  return (opts.trim === false ? base : base.trim()).refine(
    (v) => !hasControlCharacters(v, opts),
    CONTROL_CHARACTERS_MESSAGE,
  );
}

/** Optional text: trimmed; "" / null / undefined → null. */
export const optionalText = (max: number, label: string, opts: Pick<TextOptions, "multiline"> = {}) =>
  z
    .string()
    .nullish()
    .transform((v) => (typeof v === "string" ? v.trim() : "") || null)
    .pipe(text(opts).max(max, `${label} can be at most ${max} characters`).nullable());

/** An optional email address: trimmed and lower-cased; "" / null / undefined → null. */
export const optionalEmail = z
  .string()
  .nullish()
  .transform((v) => (typeof v === "string" ? v.trim().toLowerCase() : "") || null)
  .pipe(z.email("Enter a valid email address").max(320, "Use at most 320 characters").nullable());

/** An optional phone number as people write one. */
export const optionalPhone = optionalText(40, "Phone").refine(
  (v) => v === null || /^[0-9+().\-\s/x#*]{3,40}$/i.test(v),
  "Use digits, spaces and + ( ) - . only",
);

/** An optional id picked from a list; "" / null / undefined → null. */
export const optionalUuid = (message: string) =>
  z
    .string()
    .nullish()
    .transform((v) => (typeof v === "string" ? v.trim() : "") || null)
    .pipe(z.uuid(message).nullable());

/** The organization (slug or id) an action or route acts in. */
export const organizationRef = text().min(1).max(64);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL, a token or a client is a UUID (an id that isn't one names nothing: "not found"). */
export function isUuid(value: unknown): boolean {
  return typeof value === "string" && UUID.test(value);
}
