// Mail the local platform and the app wrote to the stack's outbox (one JSON file per message).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { stackEnv } from "./fixtures";

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  link: string;
}

export function mailsTo(email: string): OutboxMail[] {
  const dir = stackEnv().MAIL_OUTBOX_DIR!;
  return readdirSync(dir)
    .filter((f) => f.includes(email))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as OutboxMail);
}

/** Waits for the newest mail to `email` and returns it. */
export async function lastMailTo(email: string): Promise<OutboxMail> {
  await expect.poll(() => mailsTo(email).length, { timeout: 10_000 }).toBeGreaterThan(0);
  return mailsTo(email).at(-1)!;
}
