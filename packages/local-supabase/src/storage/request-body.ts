// JSON bodies and query strings of Storage routes, checked the way Storage's schemas check them: a wrong or
// missing field is a 400 InvalidRequest naming the field, malformed JSON is a 400, never a crash.
import type { IncomingMessage } from "node:http";
import { ERRORS } from "./errors";

const BODY_LIMIT = 5 * 1024 * 1024;

export type Body = Record<string, unknown>;

/** Collects a JSON body up to the limit. Past it, the rest is drained (never destroyed: a destroyed request
 * leaves a keep-alive connection the client would reuse but the server no longer reads). */
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      req.resume();
      reject(ERRORS.entityTooLarge("request body"));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", (err) => reject(ERRORS.invalidRequest(err.message)));
  });
}

export async function readBody(req: IncomingMessage): Promise<Body> {
  const text = (await collect(req, BODY_LIMIT)).toString("utf8").trim();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw ERRORS.invalidRequest("Body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw ERRORS.validation("body must be object");
  return body as Body;
}

const where = (scope: string, key: string) => `${scope}/${key}`;

export function requiredString(body: Body, key: string, scope = "body"): string {
  const value = body[key];
  if (value === undefined || value === null)
    throw ERRORS.validation(`${scope} must have required property '${key}'`);
  if (typeof value !== "string") throw ERRORS.validation(`${where(scope, key)} must be string`);
  return value;
}

export function optionalString(body: Body, key: string, scope = "body"): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw ERRORS.validation(`${where(scope, key)} must be string`);
  return value;
}

export function optionalBoolean(body: Body, key: string, scope = "body"): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw ERRORS.validation(`${where(scope, key)} must be boolean`);
  return value;
}

export function optionalInteger(body: Body, key: string, min: number, scope = "body"): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw ERRORS.validation(`${where(scope, key)} must be integer`);
  if (value < min) throw ERRORS.validation(`${where(scope, key)} must be >= ${min}`);
  return value;
}

export function requiredInteger(body: Body, key: string, min: number, scope = "body"): number {
  const value = optionalInteger(body, key, min, scope);
  if (value === undefined) throw ERRORS.validation(`${scope} must have required property '${key}'`);
  return value;
}

export function stringArray(
  body: Body,
  key: string,
  opts: { required: boolean; nullable?: boolean; minItems?: number },
) {
  const value = body[key];
  if (value === undefined || (value === null && opts.nullable)) {
    if (opts.required) throw ERRORS.validation(`body must have required property '${key}'`);
    return value as undefined | null;
  }
  if (!Array.isArray(value)) throw ERRORS.validation(`body/${key} must be array`);
  value.forEach((item, i) => {
    if (typeof item !== "string") throw ERRORS.validation(`body/${key}/${i} must be string`);
  });
  if (opts.minItems !== undefined && value.length < opts.minItems) {
    throw ERRORS.validation(`body/${key} must NOT have fewer than ${opts.minItems} items`);
  }
  return value as string[];
}

export function optionalEnum<T extends string>(
  body: Body,
  key: string,
  allowed: readonly T[],
  scope = "body",
): T | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw ERRORS.validation(`${where(scope, key)} must be equal to one of the allowed values`);
  }
  return value as T;
}

/** Query parameters as a body-like record (numbers parsed where the schema says integer). */
export function queryRecord(url: URL, integers: readonly string[] = []): Body {
  const out: Body = {};
  for (const [k, v] of url.searchParams) {
    out[k] = integers.includes(k) && /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}
