// Scripts run against whatever the environment points to; when nothing is set they use the local stack's
// .stack/env (written by `npm run stack`). Variables already set always win.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export function loadStackEnv(): void {
  const file = path.join(path.resolve(projectRoot, process.env.STACK_DIR || ".stack"), "env");
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]!] === undefined) process.env[m[1]!] = m[2]!;
  }
}

export function requireEnv(name: string, hint: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set. ${hint}`);
    process.exit(1);
  }
  return value;
}

/** The value after a command-line flag (`--batch-size 500` → "500"), or undefined. */
export function cliOption(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
