import "server-only";
// Outgoing mail. Locally (and wherever MAIL_OUTBOX_DIR is set) every message is written as one JSON file to
// the outbox directory — the same place the local Supabase Auth writes its emails — so nothing needs an
// SMTP server. Without an outbox the message is not sent; callers still show links to the user.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";

export interface OutgoingMail {
  kind: string;
  to: string;
  subject: string;
  text: string;
  link?: string;
}

export async function sendMail(mail: OutgoingMail): Promise<{ delivered: boolean; file?: string }> {
  const dir = env().MAIL_OUTBOX_DIR;
  if (!dir) {
    console.warn(`[mail] no MAIL_OUTBOX_DIR configured; "${mail.subject}" to ${mail.to} was not sent`);
    return { delivered: false };
  }
  await mkdir(dir, { recursive: true });
  const safe = mail.to.replace(/[^a-z0-9@._-]/gi, "_");
  const file = path.join(
    dir,
    `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.kind}-${safe}-${randomBytes(3).toString("hex")}.json`,
  );
  await writeFile(file, JSON.stringify({ ...mail, created_at: new Date().toISOString() }, null, 2), {
    mode: 0o600,
  });
  return { delivered: true, file };
}
