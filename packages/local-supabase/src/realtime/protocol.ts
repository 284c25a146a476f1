// Phoenix channel framing as Supabase Realtime speaks it: vsn 1.0.0 JSON objects, vsn 2.0.0 JSON arrays
// `[join_ref, ref, topic, event, payload]`, and the 2.0.0 binary frames of user broadcasts (kind 3 from
// clients, kind 4 to clients; realtime-js src/lib/serializer.ts, realtime lib/realtime_web/socket/v2_serializer.ex).

export type Vsn = "1.0.0" | "2.0.0";
export const SUPPORTED_VSN: readonly Vsn[] = ["1.0.0", "2.0.0"];

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON with sorted keys: equal values, equal text. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

const refOf = (v: unknown): string | null | undefined =>
  v === null || v === undefined
    ? null
    : typeof v === "string"
      ? v
      : typeof v === "number"
        ? String(v)
        : undefined;

/** Parses a text frame; null when it is not a well-formed message of the socket's protocol version. */
export function decodeText(vsn: Vsn, text: string): Frame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  let joinRef: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown;
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length < 5) return null;
    [joinRef, ref, topic, event, payload] = parsed;
  } else {
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    ({ join_ref: joinRef, ref, topic, event, payload } = parsed as Record<string, unknown>);
  }
  const jr = refOf(joinRef);
  const r = refOf(ref);
  if (jr === undefined || r === undefined || typeof topic !== "string" || typeof event !== "string")
    return null;
  return { joinRef: jr, ref: r, topic, event, payload };
}

/** Encodes a message whose payload is already JSON text (used for fan-out, encoded once per channel). */
export function encodeRaw(
  vsn: Vsn,
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payloadJson: string,
): string {
  if (vsn === "2.0.0") {
    return `[${JSON.stringify(joinRef)},${JSON.stringify(ref)},${JSON.stringify(topic)},${JSON.stringify(event)},${payloadJson}]`;
  }
  // Phoenix' V1 serializer sends topic, event, payload and ref only.
  return `{"topic":${JSON.stringify(topic)},"event":${JSON.stringify(event)},"payload":${payloadJson},"ref":${JSON.stringify(ref)}}`;
}

export function encode(vsn: Vsn, frame: Frame): string {
  return encodeRaw(
    vsn,
    frame.joinRef,
    frame.ref,
    frame.topic,
    frame.event,
    JSON.stringify(frame.payload ?? {}),
  );
}

export function encodeReply(
  vsn: Vsn,
  joinRef: string | null,
  ref: string | null,
  topic: string,
  status: "ok" | "error",
  response: unknown,
): string {
  return encode(vsn, { joinRef, ref, topic, event: "phx_reply", payload: { status, response } });
}

export interface UserBroadcastPush {
  joinRef: string;
  ref: string;
  topic: string;
  event: string;
  /** 0: binary payload, 1: JSON text payload */
  encoding: number;
  payload: Buffer;
}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;

/** Decodes a client's binary frame; only user broadcast pushes (kind 3) are meaningful, others give null. */
export function decodeBinary(buf: Buffer): UserBroadcastPush | null {
  if (buf.length < 7 || buf[0] !== USER_BROADCAST_PUSH) return null;
  const joinRefLen = buf[1]!;
  const refLen = buf[2]!;
  const topicLen = buf[3]!;
  const eventLen = buf[4]!;
  const metaLen = buf[5]!;
  const encoding = buf[6]!;
  let pos = 7;
  const take = (n: number) => {
    if (pos + n > buf.length) throw new RangeError("truncated");
    const s = buf.toString("utf8", pos, pos + n);
    pos += n;
    return s;
  };
  try {
    const joinRef = take(joinRefLen);
    const ref = take(refLen);
    const topic = take(topicLen);
    const event = take(eventLen);
    take(metaLen);
    return { joinRef, ref, topic, event, encoding: encoding === 0 ? 0 : 1, payload: buf.subarray(pos) };
  } catch {
    return null;
  }
}

/** The binary user broadcast frame (kind 4) realtime-js decodes into {type, event, payload}. */
export function encodeUserBroadcast(
  topic: string,
  event: string,
  encoding: number,
  payload: Buffer,
): Buffer | null {
  const t = Buffer.from(topic, "utf8");
  const e = Buffer.from(event, "utf8");
  if (t.length > 255 || e.length > 255) return null;
  const header = Buffer.from([USER_BROADCAST, t.length, e.length, 0, encoding === 0 ? 0 : 1]);
  return Buffer.concat([header, t, e, payload]);
}
