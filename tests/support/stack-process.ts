// Starts the local platform's `local-supabase` command (what `npm run stack` runs) as a child process on free
// ports, for tests.
// Stopped by its own PID with SIGTERM, never by name.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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

export interface StackProcess {
  env: Record<string, string>;
  stackDir: string;
  dbPort: number;
  apiPort: number;
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
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
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
