import "server-only";
// The transactions module's part of the daily digest (lib/modules/notifications/services/digest.ts): a member's
// key dates in the next few days on the open loops they take part in, and their overdue tasks. Read by the
// digest as the table owner (outside a tenant context), so every query names the organization and the member.
import { KEY_DATE_SOON_DAYS, type DigestMember, type DigestSource } from "@/lib/modules/notifications";
import { KEY_DATE_KIND_LABELS, OPEN_STATUSES } from "../schemas";
import { fromDateOnly } from "../services/shared";

const DAY_MS = 86_400_000;
const MAX_LINES = 50;
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const day = (d: Date) => dayFormat.format(d);
const loopPath = (m: DigestMember, loopId: string) => `/${m.organizationSlug}/transactions/${loopId}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Pending key dates from today through KEY_DATE_SOON_DAYS ahead, on open loops the member takes part in. */
export const keyDatesSoonDigest: DigestSource = {
  feature: "transactions",
  async collect(tx, member, today) {
    const from = fromDateOnly(today)!;
    const rows = await tx.loopKeyDate.findMany({
      where: {
        organizationId: member.organizationId,
        status: "PENDING",
        date: { gte: from, lte: new Date(from.getTime() + KEY_DATE_SOON_DAYS * DAY_MS) },
        loop: {
          status: { in: [...OPEN_STATUSES] },
          participants: { some: { userId: member.userId } },
        },
      },
      orderBy: [{ date: "asc" }, { id: "asc" }],
      take: MAX_LINES,
      select: { kind: true, label: true, date: true, loop: { select: { id: true, propertyAddress: true } } },
    });
    if (rows.length === 0) return null;
    const loops = new Set(rows.map((r) => r.loop.id));
    return {
      kind: "KEY_DATE_SOON",
      title: `${plural(rows.length, "key date", "key dates")} in the next ${KEY_DATE_SOON_DAYS} days`,
      lines: rows.map((r) => ({
        text: `${day(r.date!)}: ${r.label ?? KEY_DATE_KIND_LABELS[r.kind]} — ${r.loop.propertyAddress}`,
        link: loopPath(member, r.loop.id),
      })),
      link:
        loops.size === 1 ? loopPath(member, rows[0]!.loop.id) : `/${member.organizationSlug}/transactions`,
      entity: loops.size === 1 ? { type: "transaction_loop", id: rows[0]!.loop.id } : null,
    };
  },
};

/** The member's open tasks due before today, on open loops. */
export const overdueTasksDigest: DigestSource = {
  feature: "transactions",
  async collect(tx, member, today) {
    const where = {
      organizationId: member.organizationId,
      assigneeId: member.userId,
      completed: false,
      dueDate: { lt: fromDateOnly(today)! },
      loop: { status: { in: [...OPEN_STATUSES] } },
    };
    const rows = await tx.transactionTask.findMany({
      where,
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: MAX_LINES,
      select: { title: true, dueDate: true, loop: { select: { id: true, propertyAddress: true } } },
    });
    if (rows.length === 0) return null;
    const total = await tx.transactionTask.count({ where });
    return {
      kind: "TASKS_OVERDUE",
      title: plural(total, "overdue task", "overdue tasks"),
      lines: rows.map((t) => ({
        text: `${t.title} — ${t.loop.propertyAddress} (due ${day(t.dueDate!)})`,
        link: loopPath(member, t.loop.id),
      })),
      link: `/${member.organizationSlug}/dashboard`,
      entity: null,
    };
  },
};

/** What the transactions module adds to every member's daily digest. */
export const TRANSACTIONS_DIGEST_SOURCES: readonly DigestSource[] = [keyDatesSoonDigest, overdueTasksDigest];
