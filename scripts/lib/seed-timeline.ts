// The demo seed's contact timelines: on a few of the demo agent's contacts, calls, notes, meetings and emails logged
// and reminders set through the same services the app's actions call (so each has its audit entry), with two
// reminders due on the agent's "my day" (one overdue) and one already done.
// Idempotent: a contact that already has a logged entry is skipped.
import { authorizeUser } from "../../lib/auth/authorize";
import type { PrismaClient } from "../../lib/database/generated/prisma/client";
import {
  createContactReminder,
  logContactEntry,
  setContactReminderDone,
} from "../../lib/modules/crm/services/timeline";
import type { CallOutcome, EntryKind } from "../../lib/modules/crm/schemas";
import { asCurrentUser } from "./seed-showcase";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

interface Script {
  entries: Array<{ kind: EntryKind; body: string; ago: number; outcome?: CallOutcome; minutes?: number }>;
  /** Due this many ms from now; done: ticked off already. */
  reminders: Array<{ title: string; due: number; done?: boolean }>;
}

const SCRIPTS: Script[] = [
  {
    entries: [
      {
        kind: "CALL",
        body: "Wants a 3-bedroom near Lincoln Elementary; pre-approved up to $520k.",
        ago: 3 * DAY,
        outcome: "CONNECTED",
        minutes: 14,
      },
      {
        kind: "EMAIL",
        body: "Sent five listings in the school district and the open-house schedule.",
        ago: 2 * DAY,
      },
      {
        kind: "NOTE",
        body: "Prefers texts after 6pm. Partner works nights — weekends for showings.",
        ago: DAY,
      },
    ],
    reminders: [
      { title: "Call back about Saturday's open house", due: -DAY },
      { title: "Send comps for Maple St", due: 2 * HOUR },
    ],
  },
  {
    entries: [
      {
        kind: "MEETING",
        body: "Listing consultation at the house: kitchen refresh before photos.",
        ago: 6 * DAY,
      },
      {
        kind: "CALL",
        body: "Left a message about the pricing recommendation.",
        ago: 2 * DAY,
        outcome: "LEFT_VOICEMAIL",
        minutes: 1,
      },
    ],
    reminders: [
      { title: "Drop off the staging checklist", due: -3 * DAY, done: true },
      { title: "Follow up on the pricing recommendation", due: 2 * DAY },
    ],
  },
  {
    entries: [
      { kind: "CALL", body: "No answer; will try again Thursday.", ago: 5 * HOUR, outcome: "NO_ANSWER" },
    ],
    reminders: [],
  },
];

export async function seedTimeline(
  db: PrismaClient,
  opts: { organization: string; agentEmail: string },
): Promise<number> {
  const user = await db.user.findUniqueOrThrow({
    where: { email: opts.agentEmail },
    select: { id: true, email: true, name: true, globalRole: true },
  });
  const org = await db.organization.findUniqueOrThrow({
    where: { slug: opts.organization },
    select: { id: true },
  });
  const contacts = await db.contact.findMany({
    where: { organizationId: org.id, assignedTo: user.id },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SCRIPTS.length,
    select: { id: true, _count: { select: { entries: true } } },
  });
  const ctx = await authorizeUser(asCurrentUser(user), {
    organization: opts.organization,
    permission: "contacts:write",
  });
  const organization = opts.organization;
  const now = Date.now();
  let written = 0;
  for (const [i, contact] of contacts.entries()) {
    if (contact._count.entries > 0) continue;
    const script = SCRIPTS[i]!;
    for (const e of script.entries) {
      await logContactEntry(ctx, {
        organization,
        contactId: contact.id,
        kind: e.kind,
        body: e.body,
        occurredAt: new Date(now - e.ago),
        callOutcome: e.outcome ?? null,
        durationMinutes: e.minutes ?? null,
      });
      written++;
    }
    for (const r of script.reminders) {
      const { id } = await createContactReminder(ctx, {
        organization,
        contactId: contact.id,
        title: r.title,
        dueAt: new Date(now + r.due),
      });
      if (r.done) await setContactReminderDone(ctx, { organization, id, done: true });
      written++;
    }
  }
  return written;
}
