// `npm run dev`: the local stack (Postgres + Supabase-compatible platform), the idempotent seed, then
// `next dev` with the stack's environment. Prints the URL and the demo logins. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { DEMO_PASSWORD, DEMO_USERS } from "./lib/demo-data";
import { projectRoot } from "./lib/stack-env";

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
const port = Number(process.env.PORT || 3000);
const children: ChildProcess[] = [];
let stopping = false;

function run(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void,
) {
  const child = spawn(cmd, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const pipe = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buf = "";
    stream.on("data", (chunk) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        out.write(`[${name}] ${line}\n`);
        onLine?.(line);
      }
    });
  };
  pipe(child.stdout!, process.stdout);
  pipe(child.stderr!, process.stderr);
  return child;
}

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

async function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(p, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

async function main() {
  if (!(await portFree(port))) {
    console.error(
      `Port ${port} is already in use. Stop whatever listens there, or run with PORT=<free port> npm run dev.`,
    );
    process.exit(1);
  }
  const stackDir = path.resolve(projectRoot, process.env.STACK_DIR || ".stack");
  await new Promise<void>((resolve) => {
    const stack = run("stack", bin("local-supabase"), [], process.env, (line) => {
      if (line.includes("STACK READY")) resolve();
    });
    stack.once("exit", (code) => {
      if (!stopping) {
        console.error(`The local stack exited (code ${code}). See the [stack] lines above.`);
        void stopAll(1);
      }
    });
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...readEnvFile(path.join(stackDir, "env")),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  const seedCode = await new Promise<number | null>((resolve) => {
    run(
      "seed",
      bin("tsx"),
      ["--conditions=react-server", path.join(projectRoot, "scripts/seed.ts")],
      env,
    ).once("exit", resolve);
  });
  if (seedCode !== 0) {
    console.error("Seeding failed; see the [seed] lines above.");
    return stopAll(1);
  }

  const url = `http://localhost:${port}`;
  await new Promise<void>((resolve) => {
    const next = run(
      "next",
      bin("next"),
      ["dev", "--port", String(port), "--hostname", "127.0.0.1"],
      env,
      (line) => {
        if (/Ready in|ready started|Local:/i.test(line)) resolve();
      },
    );
    next.once("exit", (code) => {
      if (!stopping) {
        console.error(`next dev exited (code ${code}).`);
        void stopAll(1);
      }
    });
  });
  // Warm the landing page so the first visit doesn't wait for compilation.
  await fetch(`${url}/`).catch(() => undefined);
  const logins = DEMO_USERS.map(
    (u) =>
      `    ${u.email.padEnd(26)} ${u.memberships.map((m) => `${m.role.toLowerCase()} of ${m.org}`).join(", ") || (u.globalRole === "SUPPORT" ? "support staff: opens any organization read-only at /support" : `global ${u.globalRole.toLowerCase()}`)}`,
  ).join("\n");
  console.info(
    `\n  Hearth is running at ${url}\n\n  Demo logins (password: ${DEMO_PASSWORD}):\n${logins}\n\n` +
      `  Supabase API: ${env.NEXT_PUBLIC_SUPABASE_URL}   Database: ${env.DATABASE_URL}\n  Mail outbox: ${env.MAIL_OUTBOX_DIR}\n  Ctrl-C stops everything.\n`,
  );
}

main().catch((err) => {
  console.error(err);
  void stopAll(1);
});
