// A counting proxy for the Postgres wire protocol on 127.0.0.1: the app connects to it instead of Postgres, it
// forwards every byte unchanged and counts what the app sends — each Query ('Q') or Execute ('E') message is one
// statement (its text from the Query, or from the Parse its portal was bound to) — and, from the server's
// ReadyForQuery status, each transaction (explicit BEGIN…COMMIT or a statement's implicit one). Only what passes
// through the proxy is counted, so the platform's own connections (Auth, Realtime) never mix in.
// Plain connections only (the local stack's URLs use no TLS): an SSLRequest is answered by the server with "N".
import net from "node:net";

export interface Counted {
  /** Every statement sent, in order (BEGIN/COMMIT/ROLLBACK included). */
  statements: string[];
  /** For each statement, the number of the transaction it ran in (distinct numbers = transactions). */
  txOf: number[];
  /** Transactions completed (explicit or implicit). */
  transactions: number;
  /** Connections opened. */
  connections: number;
}

export interface PgCounter {
  port: number;
  /** The same URL with host and port pointing at the proxy. */
  url: (target: string) => string;
  /** Starts a fresh count. */
  reset: () => void;
  snapshot: () => Counted;
  close: () => Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CONTROL = /^\s*(begin|start transaction|commit|end|rollback|savepoint|release)\b/i;

/** Whether a statement is transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT…). */
export const isControl = (sql: string) => CONTROL.test(sql);

const cstring = (buf: Buffer, at: number): [string, number] => {
  const end = buf.indexOf(0, at);
  return [buf.toString("utf8", at, end), end + 1];
};

/** The statements from..to of a count, with their transactions. */
export function slice(c: Counted, from: number, to = c.statements.length): Counted {
  const txOf = c.txOf.slice(from, to);
  return { statements: c.statements.slice(from, to), txOf, transactions: new Set(txOf).size, connections: 0 };
}

export async function startPgCounter(upstream: string): Promise<PgCounter> {
  const target = new URL(upstream);
  let counted: Counted = { statements: [], txOf: [], transactions: 0, connections: 0 };
  let txSeq = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    counted.connections++;
    const backend = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(backend);
    const prepared = new Map<string, string>();
    const portals = new Map<string, string>();
    let startup = true;
    let sslAnswerPending = 0;
    // Statements are tied to their transaction when the server answers: each Query or Sync gets exactly one
    // ReadyForQuery, whose status says whether a transaction is still open — so a client that pipelines several
    // queries before reading the answers is still attributed right.
    let batch: Array<{ into: Counted; index: number }> = [];
    const awaiting: Array<typeof batch> = [];
    let tx = 0;
    let open = false;
    const statement = (sql: string) => {
      counted.statements.push(sql);
      batch.push({ into: counted, index: counted.txOf.push(0) - 1 });
    };
    const endBatch = () => {
      awaiting.push(batch);
      batch = [];
    };
    let greeted = false; // the first ReadyForQuery ends the startup, not a query
    const ready = (status: number) => {
      if (!greeted) {
        greeted = true;
        return;
      }
      const done = awaiting.shift();
      if (!done || done.length === 0) return;
      if (!open) tx = ++txSeq;
      for (const s of done) s.into.txOf[s.index] = tx;
      open = status !== 0x49; // "I": idle, the transaction is over
      if (!open) counted.transactions++;
    };
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);

    const onClientMessage = (type: string, body: Buffer) => {
      if (type === "Q") {
        statement(cstring(body, 0)[0]);
        endBatch();
      } else if (type === "S") {
        endBatch();
      } else if (type === "P") {
        const [name, next] = cstring(body, 0);
        prepared.set(name, cstring(body, next)[0]);
      } else if (type === "B") {
        const [portal, next] = cstring(body, 0);
        portals.set(portal, prepared.get(cstring(body, next)[0]) ?? "?");
      } else if (type === "E") {
        statement(portals.get(cstring(body, 0)[0]) ?? "?");
      }
    };

    client.on("data", (chunk: Buffer) => {
      backend.write(chunk);
      fromClient = Buffer.concat([fromClient, chunk]);
      for (;;) {
        if (startup) {
          if (fromClient.length < 8) return;
          const len = fromClient.readInt32BE(0);
          if (fromClient.length < len) return;
          const code = fromClient.readInt32BE(4);
          fromClient = fromClient.subarray(len);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) sslAnswerPending++;
          else startup = false;
          continue;
        }
        if (fromClient.length < 5) return;
        const len = fromClient.readInt32BE(1);
        if (fromClient.length < 1 + len) return;
        onClientMessage(String.fromCharCode(fromClient[0]!), fromClient.subarray(5, 1 + len));
        fromClient = fromClient.subarray(1 + len);
      }
    });

    backend.on("data", (chunk: Buffer) => {
      client.write(chunk);
      fromServer = Buffer.concat([fromServer, chunk]);
      for (;;) {
        if (sslAnswerPending > 0) {
          if (fromServer.length < 1) return;
          sslAnswerPending--;
          fromServer = fromServer.subarray(1);
          continue;
        }
        if (fromServer.length < 5) return;
        const len = fromServer.readInt32BE(1);
        if (fromServer.length < 1 + len) return;
        if (fromServer[0] === 0x5a) ready(fromServer[5]!);
        fromServer = fromServer.subarray(1 + len);
      }
    });

    const close = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on("error", close).on("close", close);
    backend.on("error", close).on("close", close);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (url: string) => {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    reset: () => {
      counted = { statements: [], txOf: [], transactions: 0, connections: 0 };
    },
    snapshot: () => ({ ...counted, statements: [...counted.statements], txOf: [...counted.txOf] }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
