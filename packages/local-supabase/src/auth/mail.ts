// Mail the Auth service would send (password recovery, invites, email change), written to the stack's outbox
// as one JSON file per message: a link with the one-time link token and the 6-digit code (one-time-tokens.ts).
import { randomInt } from "node:crypto";
import { link, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AuthConfig } from "../config";

export type MailKind = "recovery" | "invite" | "email_change";

export interface OutboxMessage {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  link: string;
  created_at: string;
}

/** Writes one message atomically (temp file + hard link) so a reader never sees a partial file. */
export async function writeOutbox(
  outboxDir: string,
  message: Omit<OutboxMessage, "created_at">,
): Promise<string> {
  const createdAt = new Date().toISOString();
  const body: OutboxMessage = { ...message, created_at: createdAt };
  const recipient = message.to.replace(/[^a-zA-Z0-9@._+-]/g, "_").slice(0, 200);
  const base = `${createdAt}-${message.kind}-${recipient}`;
  const tmp = path.join(outboxDir, `.${base}.${process.pid}.${randomInt(1e9)}.tmp`);
  await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  try {
    for (let n = 0; ; n++) {
      const file = path.join(outboxDir, n === 0 ? `${base}.json` : `${base}-${n}.json`);
      try {
        // link() fails if the name exists, unlike rename(): two messages in the same millisecond both survive.
        await link(tmp, file);
        return file;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || n > 50) throw err;
      }
    }
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** GoTrue's verification link: <api>/auth/v1/verify?token=<link token>&type=<type>&redirect_to=<url>. */
export function verifyLink(publicUrl: string, token: string, type: string, redirectTo: string): string {
  const q = new URLSearchParams({ token, type, redirect_to: redirectTo });
  return `${publicUrl}/auth/v1/verify?${q.toString()}`;
}

/**
 * Where a link may send the user back to: the site URL's origin or any loopback origin (local development);
 * anything else falls back to the site URL, like GoTrue's URI allow list.
 */
export function allowedRedirect(config: AuthConfig, requested: string | null | undefined): string {
  if (!requested) return config.siteUrl;
  try {
    const url = new URL(requested);
    const site = new URL(config.siteUrl);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if ((url.protocol === "http:" || url.protocol === "https:") && (url.origin === site.origin || loopback)) {
      return url.toString();
    }
  } catch {
    // fall through
  }
  return config.siteUrl;
}

export function recoveryMessage(to: string, otp: string, link: string) {
  return {
    kind: "recovery" as const,
    to,
    subject: "Reset Your Password",
    text: `Follow this link to reset the password for your user:\n${link}\n\nAlternatively, enter the code: ${otp}\n`,
    link,
  };
}

export function inviteMessage(to: string, otp: string, link: string) {
  return {
    kind: "invite" as const,
    to,
    subject: "You have been invited",
    text: `You have been invited to create a user. Follow this link to accept the invite:\n${link}\n\nAlternatively, enter the code: ${otp}\n`,
    link,
  };
}

export function emailChangeMessage(to: string, otp: string, link: string) {
  return {
    kind: "email_change" as const,
    to,
    subject: "Confirm Email Change",
    text: `Follow this link to confirm the update of your email to ${to}:\n${link}\n\nAlternatively, enter the code: ${otp}\n`,
    link,
  };
}
