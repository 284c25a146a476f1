// The round-trip counter of the benchmarks (tests/bench/support/pg-counter.ts) against a scripted Postgres on
// 127.0.0.1: statements from both protocols (a simple Query, and Parse/Bind/Execute with the text from the Parse),
// transactions from ReadyForQuery (an explicit BEGIN…COMMIT is one, a lone statement is its own), an SSLRequest
// refused with "N" before the startup message, and the bytes forwarded unchanged.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isControl, slice, startPgCounter, type PgCounter } from "../bench/support/pg-counter";

const msg = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const untyped = (body: Buffer) => Buffer.concat([int32(body.length + 4), body]);

/** A fake server: "N" to an SSLRequest, then ReadyForQuery after every Query and Sync, in a block after BEGIN. */
async function fakePostgres(): Promise<{ port: number; close: () => Promise<void>; received: () => Buffer }> {
  let all = Buffer.alloc(0);
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let startup = true;
    let inBlock = false;
    socket.on("data", (chunk: Buffer) => {
      all = Buffer.concat([all, chunk]);
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (startup) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          if (code === 80877103) socket.write("N");
          else {
            startup = false;
            socket.write(msg("Z", Buffer.from("I")));
          }
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]!);
        const len = buf.readInt32BE(1);
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        if (type === "Q") {
          const sql = body.toString("utf8", 0, body.length - 1);
          if (/^begin/i.test(sql)) inBlock = true;
          if (/^commit/i.test(sql)) inBlock = false;
          socket.write(msg("Z", Buffer.from(inBlock ? "T" : "I")));
        } else if (type === "S") socket.write(msg("Z", Buffer.from(inBlock ? "T" : "I")));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
    received: () => all,
  };
}

let counter: PgCounter | undefined;
afterEach(async () => {
  await counter?.close();
  counter = undefined;
});

describe("bench pg counter", () => {
  it("counts statements and transactions of both protocols and forwards the bytes unchanged", async () => {
    const pg = await fakePostgres();
    counter = await startPgCounter(`postgres://u:p@127.0.0.1:${pg.port}/db`);
    expect(counter.url("postgres://u:p@127.0.0.1:5432/db")).toBe(
      `postgres://u:p@127.0.0.1:${counter.port}/db`,
    );
    const socket = net.connect(counter.port, "127.0.0.1");
    let readyForQuery = 0;
    socket.on("data", (d: Buffer) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 0x5a) readyForQuery++;
    });
    await new Promise((r) => socket.once("connect", r));
    const sent = [
      untyped(int32(80877103)),
      untyped(Buffer.concat([int32(196608), cstr("user"), cstr("u"), Buffer.from([0])])),
      msg("Q", cstr("BEGIN")),
      msg("Q", cstr("select 1")),
      msg("Q", cstr("COMMIT")),
      msg("P", Buffer.concat([cstr(""), cstr("select $1::int"), Buffer.from([0, 0])])),
      msg("B", Buffer.concat([cstr(""), cstr(""), Buffer.alloc(6)])),
      msg("E", Buffer.concat([cstr(""), int32(0)])),
      msg("S", Buffer.alloc(0)),
    ];
    // Split mid-message on purpose: the parser must reassemble.
    const bytes = Buffer.concat(sent);
    socket.write(bytes.subarray(0, 13));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(bytes.subarray(13));
    const deadline = Date.now() + 2000;
    while (readyForQuery < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();

    const c = counter.snapshot();
    expect(c.statements).toEqual(["BEGIN", "select 1", "COMMIT", "select $1::int"]);
    expect(c.transactions).toBe(2);
    expect(c.txOf[0]).toBe(c.txOf[2]);
    expect(c.txOf[3]).not.toBe(c.txOf[0]);
    expect(slice(c, 3).transactions).toBe(1);
    expect(c.statements.filter(isControl)).toEqual(["BEGIN", "COMMIT"]);
    expect(pg.received().equals(bytes)).toBe(true);
    counter.reset();
    expect(counter.snapshot().statements).toEqual([]);
    await pg.close();
  });
});
