// Request body parsing for the Auth service: bounded JSON, typed field access that fails like GoTrue's
// json.Unmarshal (400 bad_json on a wrong type), and the caller's IP / user agent for session rows.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { AuthError } from "./errors";

const BODY_LIMIT = 1 << 20; // GoTrue's limitRequestBody(1 MB)
// An oversized body is still read (and dropped) up to this size, so the client gets the 413 instead of a reset
// connection; beyond it the connection is closed after the answer.
const DRAIN_LIMIT = 16 << 20;

function tooLarge() {
  return new AuthError(413, "request_entity_too_large", `Request body too large (max ${BODY_LIMIT} bytes)`);
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
      else chunks.length = 0;
      if (size > DRAIN_LIMIT) {
        req.off("data", onData);
        req.pause();
        reject(Object.assign(tooLarge(), { closeConnection: true }));
      }
    };
    let ended = false;
    req.on("data", onData);
    req.once("end", () => {
      ended = true;
      if (size > BODY_LIMIT) reject(tooLarge());
      else resolve(Buffer.concat(chunks));
    });
    // A client that goes away mid-body: settle (nobody reads the answer) instead of waiting forever.
    const aborted = () => {
      if (!ended)
        reject(new AuthError(400, "bad_json", "Could not parse request body as JSON: request aborted"));
    };
    req.once("error", aborted);
    req.once("close", aborted);
  });
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function badJson(detail: string) {
  return new AuthError(400, "bad_json", `Could not parse request body as JSON: ${detail}`);
}

export class Body {
  private constructor(private readonly data: Record<string, unknown>) {}

  static async read(req: IncomingMessage): Promise<Body> {
    const text = (await readRaw(req)).toString("utf8").trim();
    if (!text) return new Body({});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badJson("invalid JSON");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw badJson("expected a JSON object");
    return new Body(parsed as Record<string, unknown>);
  }

  static empty(): Body {
    return new Body({});
  }

  has(name: string): boolean {
    return this.data[name] !== undefined && this.data[name] !== null;
  }

  /** A string field; absent or null is "". */
  string(name: string): string {
    const v = this.data[name];
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") throw badJson(`field "${name}" must be a string`);
    return v;
  }

  /** A string field that distinguishes "absent" (undefined) from "" (GoTrue's *string). */
  optionalString(name: string): string | undefined {
    const v = this.data[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw badJson(`field "${name}" must be a string`);
    return v;
  }

  boolean(name: string): boolean {
    const v = this.data[name];
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") throw badJson(`field "${name}" must be a boolean`);
    return v;
  }

  /** A JSON object field; absent or null is undefined. */
  object(name: string): JsonObject | undefined {
    const v = this.data[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw badJson(`field "${name}" must be an object`);
    return v as JsonObject;
  }
}

export function clientIp(req: IncomingMessage): string | null {
  let ip = req.socket.remoteAddress ?? "";
  if (ip.startsWith("::ffff:")) ip = ip.slice(7);
  return isIP(ip) ? ip : null;
}

export function userAgent(req: IncomingMessage): string | null {
  const ua = req.headers["user-agent"];
  return typeof ua === "string" && ua ? ua.slice(0, 1000) : null;
}
