// Starts the local platform's `local-supabase` command (what `npm run stack` runs) as a child process on free
// ports, for tests.
// Stopped by its own PID with SIGTERM, never by name.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { StackDrill } from "../../packages/local-supabase/src/stack";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** Where a stack started by startStackProcess writes its output. */
export const stackLogFile = (stackDir: string) => path.join(stackDir, "stack.log");

/** The output so far of a stack started (by any process) with startStackProcess. */
export const stackLog = (stackDir: string) => () => readFileSync(stackLogFile(stackDir), "utf8");

export interface StackProcess {
  env: Record<string, string>;
  stackDir: string;
  dbPort: number;
  apiPort: number;
  /** The stack process (signal it with the drills below, or from another process via its PID). */
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  /** Removes the stack directory (after stop). */
  remove: () => void;
}

export interface StackProcessOptions {
  stackDir?: string;
  dbPort?: number;
  apiPort?: number;
  timeoutMs?: number;
  extraEnv?: Record<string, string>;
}

export async function startStackProcess(opts: StackProcessOptions = {}): Promise<StackProcess> {
  const stackDir = opts.stackDir ?? mkdtempSync(path.join(os.tmpdir(), "hearth-stack-"));
  const dbPort = opts.dbPort ?? (await freePort());
  const apiPort = opts.apiPort ?? (await freePort());
  const command = path.join(projectRoot, "node_modules", ".bin", "local-supabase");
  const child: ChildProcess = spawn(command, [], {
    cwd: projectRoot,
    env: {
      ...process.env,
      STACK_DIR: stackDir,
      STACK_DB_PORT: String(dbPort),
      STACK_API_PORT: String(apiPort),
      STACK_DURABLE: "false",
      ...opts.extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // Also in a file, for test workers that didn't start the stack (stackDrill from another process).
  mkdirSync(stackDir, { recursive: true });
  const logFile = stackLogFile(stackDir);
  const record = (d: Buffer) => {
    out += d;
    appendFileSync(logFile, d);
  };
  child.stdout!.on("data", record);
  child.stderr!.on("data", record);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack did not become ready in time:\n${out}`)),
      opts.timeoutMs ?? 120_000,
    );
    const check = () => {
      if (out.includes("STACK READY")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with code ${code} before it was ready:\n${out}`));
    });
  });

  const env = parseEnvFile(readFileSync(path.join(stackDir, "env"), "utf8"));
  let stopped = false;
  return {
    env,
    stackDir,
    dbPort,
    apiPort,
    pid: child.pid!,
    output: () => out,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
    remove: () => rmSync(stackDir, { recursive: true, force: true }),
  };
}

/**
 * Runs one of the stack's failure drills (packages/local-supabase/src/cli.ts) — stop or start only its Postgres, or
 * only its platform (Auth, Storage, Realtime) — from any process: the drill's name goes to <stackDir>/drill, the
 * stack process gets SIGUSR2, and this resolves once the stack's output file reports the drill done.
 */
export type { StackDrill };

export async function stackDrill(
  stack: { pid: number; stackDir: string },
  drill: StackDrill,
  timeoutMs = 30_000,
): Promise<void> {
  const output = stackLog(stack.stackDir);
  const done = `[stack] drill "${drill}" done\n`;
  const failed = `[stack] drill "${drill}" failed`;
  const count = (marker: string) => output().split(marker).length;
  const [doneBefore, failedBefore] = [count(done), count(failed)];
  writeFileSync(path.join(stack.stackDir, "drill"), drill);
  process.kill(stack.pid, "SIGUSR2");
  const deadline = Date.now() + timeoutMs;
  while (count(done) === doneBefore) {
    if (count(failed) !== failedBefore) throw new Error(`${failed}:\n${output().slice(-2000)}`);
    if (Date.now() > deadline)
      throw new Error(`the stack never reported "${drill}" done:\n${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
