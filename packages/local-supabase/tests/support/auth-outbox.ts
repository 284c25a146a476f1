// Test helper: reads the mail the local Auth service wrote to the stack's outbox (one JSON file per message).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface OutboxMail {
  file: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  link: string;
  created_at: string;
}

export function outboxDir(): string {
  const dir = process.env.MAIL_OUTBOX_DIR;
  if (!dir) throw new Error("MAIL_OUTBOX_DIR is not set (integration tests only)");
  return dir;
}

export async function mailsTo(to: string, kind?: string, dir = outboxDir()): Promise<OutboxMail[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const mails: OutboxMail[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const mail = JSON.parse(await readFile(file, "utf8")) as Omit<OutboxMail, "file">;
    if (mail.to === to && (!kind || mail.kind === kind)) mails.push({ ...mail, file });
  }
  return mails;
}

/** The newest message of a kind to an address; fails when there is none (mail is written before the response). */
export async function latestMail(to: string, kind: string, dir = outboxDir()): Promise<OutboxMail> {
  const mails = await mailsTo(to, kind, dir);
  const last = mails.at(-1);
  if (!last) throw new Error(`no ${kind} mail to ${to} in ${dir}`);
  return last;
}

/** The token_hash carried by the mail's link (`?token=`) and the 6-digit code in its text. */
export function mailTokens(mail: OutboxMail): { tokenHash: string; otp: string; redirectTo: string | null } {
  const link = new URL(mail.link);
  const otp = /code: (\d{6})/.exec(mail.text)?.[1];
  if (!otp) throw new Error(`no code in mail text: ${mail.text}`);
  return {
    tokenHash: link.searchParams.get("token") ?? "",
    otp,
    redirectTo: link.searchParams.get("redirect_to"),
  };
}
