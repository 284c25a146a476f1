import "server-only";
// The daily digest (`npm run notifications:digest`): one of the named paths outside a tenant context — it serves
// every organization, as the table owner. Once per active member and day (UTC), claimed in
// private.notification_digests before anything is written: the sources (other modules: key dates soon, overdue
// tasks) each give a section, which becomes one notification of its kind, and members with the digest on get one
// mail to the outbox with those sections and their unread notifications. Muted kinds are left out of both. A
// second run the same day finds every member claimed and does nothing; a failed mail rolls its member back for the
// next run.
import type { Db } from "@/lib/database/client";
import type { TenantTx } from "@/lib/database/tenant";
import { effectiveTier, tierAllows, type Feature } from "@/lib/auth/permissions";
import { sendMail, type OutgoingMail } from "@/lib/mail/outbox";
import type { NotificationKind } from "../schemas";

export interface DigestMember {
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  userId: string;
  email: string;
  name: string | null;
}

export interface DigestSection {
  /** The notification this section becomes. */
  kind: Extract<NotificationKind, "KEY_DATE_SOON" | "TASKS_OVERDUE">;
  /** The mail's heading and the notification's title, e.g. "2 key dates in the next 3 days". */
  title: string;
  lines: Array<{ text: string; link: string }>;
  /** Where the notification leads (a path inside the app). */
  link: string;
  entity: { type: string; id: string } | null;
}

/** A module's part of the digest: what a member should hear about today, where the plan includes `feature`. */
export interface DigestSource {
  feature: Feature;
  collect: (tx: TenantTx, member: DigestMember, today: string) => Promise<DigestSection | null>;
}

export interface DigestOptions {
  db: Db;
  sources: readonly DigestSource[];
  /** Links in the mail start here. */
  appUrl: string;
  now?: Date;
  /** Only this organization's members (a re-run for one tenant); every organization by default. */
  organizationId?: string;
}

export interface DigestReport {
  day: string;
  members: number;
  /** Members this run handled (the others were done earlier today). */
  claimed: number;
  notifications: number;
  mailed: number;
}

const UNREAD_IN_MAIL = 20;
const KEEP_CLAIMS_DAYS = 35;

export async function runDailyDigest(opts: DigestOptions): Promise<DigestReport> {
  const { db } = opts;
  const day = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const memberships = await db.organizationMember.findMany({
    where: {
      acceptedAt: { not: null },
      user: { globalRole: { not: "SUSPENDED" } },
      ...(opts.organizationId ? { organizationId: opts.organizationId } : {}),
    },
    select: {
      organizationId: true,
      userId: true,
      user: { select: { email: true, name: true } },
      organization: {
        select: { slug: true, name: true, subscription: { select: { tier: true, status: true } } },
      },
    },
    orderBy: [{ organizationId: "asc" }, { userId: "asc" }],
  });
  const report: DigestReport = { day, members: memberships.length, claimed: 0, notifications: 0, mailed: 0 };
  for (const m of memberships) {
    const member: DigestMember = {
      organizationId: m.organizationId,
      organizationSlug: m.organization.slug,
      organizationName: m.organization.name,
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
    };
    const sub = m.organization.subscription;
    const tier = effectiveTier(sub?.tier ?? "FREE", sub?.status);
    const sources = opts.sources.filter((s) => tierAllows(tier, s.feature));
    const done = await db.$transaction((tx) => digestFor(tx, member, sources, day, opts.appUrl), {
      timeout: 30_000,
    });
    if (!done) continue;
    report.claimed++;
    report.notifications += done.notifications;
    if (done.mailed) report.mailed++;
  }
  await db.$executeRaw`
    delete from private.notification_digests where digest_date < ${day}::date - ${KEEP_CLAIMS_DAYS}::int`;
  return report;
}

async function digestFor(
  tx: TenantTx,
  member: DigestMember,
  sources: readonly DigestSource[],
  day: string,
  appUrl: string,
): Promise<{ notifications: number; mailed: boolean } | null> {
  const key = { organizationId: member.organizationId, userId: member.userId };
  const claimed = await tx.$queryRaw<unknown[]>`
    insert into private.notification_digests (organization_id, user_id, digest_date)
    values (${key.organizationId}::uuid, ${key.userId}::uuid, ${day}::date)
    on conflict do nothing
    returning 1`;
  if (claimed.length === 0) return null;

  const prefs = await tx.notificationPreference.findUnique({
    where: { organizationId_userId: key },
    select: { muted: true, dailyDigest: true },
  });
  const muted = new Set(prefs?.muted ?? []);
  const sections: DigestSection[] = [];
  for (const source of sources) {
    const section = await source.collect(tx, member, day);
    if (section && section.lines.length > 0 && !muted.has(section.kind)) sections.push(section);
  }
  // What was waiting before today's sections were added (those have their own part of the mail).
  const unreadCount = await tx.notification.count({ where: { ...key, readAt: null } });
  const unread = await tx.notification.findMany({
    where: { ...key, readAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: UNREAD_IN_MAIL,
    select: { title: true, link: true },
  });
  if (sections.length > 0) {
    await tx.notification.createMany({
      data: sections.map((s) => ({
        ...key,
        kind: s.kind,
        title: s.title,
        body: clip(s.lines.map((l) => l.text).join("\n"), 2000),
        link: s.link,
        entityType: s.entity?.type ?? null,
        entityId: s.entity?.id ?? null,
      })),
    });
  }
  const wantsMail = prefs?.dailyDigest ?? true;
  if (!wantsMail || (sections.length === 0 && unreadCount === 0)) {
    return { notifications: sections.length, mailed: false };
  }
  const sent = await sendMail(
    digestMail(member, day, sections, { count: unreadCount, items: unread }, appUrl),
  );
  if (sent.delivered) {
    await tx.$executeRaw`
      update private.notification_digests set mailed = true
       where organization_id = ${key.organizationId}::uuid and user_id = ${key.userId}::uuid
         and digest_date = ${day}::date`;
  }
  return { notifications: sections.length, mailed: sent.delivered };
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

function digestMail(
  member: DigestMember,
  day: string,
  sections: DigestSection[],
  unread: { count: number; items: Array<{ title: string; link: string | null }> },
  appUrl: string,
): OutgoingMail {
  const base = appUrl.replace(/\/$/, "");
  const url = (path: string) => `${base}${path}`;
  const parts = [
    ...sections.map((s) => s.title),
    ...(unread.count > 0 ? [`${unread.count} unread notification${unread.count === 1 ? "" : "s"}`] : []),
  ];
  const text: string[] = [
    `Hi ${member.name ?? member.email},`,
    "",
    `Here is what's waiting for you in ${member.organizationName} today, ${dayFormat.format(new Date(`${day}T12:00:00Z`))}.`,
  ];
  for (const s of sections) {
    text.push("", s.title, ...s.lines.flatMap((l) => [`- ${l.text}`, `  ${url(l.link)}`]));
  }
  if (unread.count > 0) {
    text.push("", `Unread notifications (${unread.count})`);
    for (const n of unread.items) text.push(`- ${n.title}`, ...(n.link ? [`  ${url(n.link)}`] : []));
    if (unread.count > unread.items.length) text.push(`- … and ${unread.count - unread.items.length} more`);
  }
  const inbox = `/${member.organizationSlug}/notifications`;
  text.push(
    "",
    `All your notifications: ${url(inbox)}`,
    `Turn this digest off or mute kinds: ${url(`/${member.organizationSlug}/settings/notifications`)}`,
  );
  return {
    kind: "digest",
    to: member.email,
    subject: `${member.organizationName} today: ${parts.join(", ")}`,
    text: text.join("\n"),
    link: url(inbox),
  };
}
