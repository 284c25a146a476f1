// Notifications through the services that send them and the official Supabase client that receives them: who gets
// what (never the one who acted), muted kinds, marking read, the live unread count over Realtime for its recipient
// and nobody else, and the daily digest — its mail in the outbox, its notifications, once a day.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SupabaseClient } from "@supabase/supabase-js";
import { authorizeUser } from "@/lib/auth/authorize";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { createContact, updateContact } from "@/lib/modules/crm/services/contacts";
import { UnreadCountSync } from "@/lib/modules/notifications/client";
import {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
} from "@/lib/modules/notifications/queries/notifications";
import { runDailyDigest } from "@/lib/modules/notifications/services/digest";
import {
  markAllNotificationsRead,
  markNotificationRead,
  updateNotificationPreferences,
} from "@/lib/modules/notifications/services/inbox";
import { TRANSACTIONS_DIGEST_SOURCES } from "@/lib/modules/transactions";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addTask, updateTask } from "@/lib/modules/transactions/services/tasks";
import { signedInMember, until } from "../../support/activity-feed";
import { asApp } from "../../support/as-app";
import {
  addMember,
  asCurrentUser,
  createUser,
  ownerDb,
  seedTenant,
  type TestTenant,
  type TestUser,
} from "../../support/factories";

const ctxOf = (
  user: TestUser,
  t: TestTenant,
  permission: Parameters<typeof authorizeUser>[1]["permission"],
) => authorizeUser(asCurrentUser(user), { organization: t.org.slug, permission });

async function team() {
  const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
  const actor = t.users.MEMBER!;
  const bea = await createUser({ name: "Bea Agent" });
  const cal = await createUser({ name: "Cal Agent" });
  await addMember(t, bea, "MEMBER");
  await addMember(t, cal, "MEMBER");
  const loopCtx = await ctxOf(actor, t, "loops:write");
  const { id: loopId } = await createLoop(loopCtx, {
    organization: t.org.slug,
    propertyAddress: "12 Elm Street",
    transactionType: "PURCHASE",
  });
  return { t, actor, bea, cal, loopId, loopCtx };
}

/**
 * Dates one of the key dates the loop was created with (its template gives it closing and each kind its tasks
 * count from, undated), straight on the row: the template's tasks keep no due date, so what's overdue is only what
 * a test adds.
 */
async function dateKeyDate(
  loopId: string,
  kind: "ACCEPTANCE" | "INSPECTION" | "APPRAISAL" | "FINANCING" | "CLOSING",
  date: string,
  status: "PENDING" | "MET" = "PENDING",
) {
  const { count } = await ownerDb().loopKeyDate.updateMany({
    where: { loopId, kind },
    data: { date: new Date(`${date}T00:00:00Z`), status },
  });
  expect(count, `the loop's ${kind} key date`).toBe(1);
}

const notificationsOf = (t: TestTenant, user: TestUser) =>
  ownerDb().notification.findMany({
    where: { organizationId: t.org.id, userId: user.id },
    orderBy: { createdAt: "asc" },
  });

describe("who gets what", () => {
  it("a task assigned to me: the assignee hears, the one who assigned it doesn't, and only when the assignee changes", async () => {
    const { t, actor, bea, cal, loopId, loopCtx } = await team();
    const org = t.org.slug;
    const { task } = await addTask(loopCtx, {
      organization: org,
      loopId,
      title: "Order the inspection",
      assigneeId: bea.id,
    });
    await addTask(loopCtx, { organization: org, loopId, title: "Call the lender", assigneeId: actor.id });

    const got = await notificationsOf(t, bea);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      kind: "TASK_ASSIGNED",
      title: "Task assigned to you: Order the inspection",
      link: `/${org}/transactions/${loopId}`,
      entityType: "transaction_task",
      entityId: task.id,
      createdBy: actor.id,
      readAt: null,
    });
    expect(got[0]!.body).toContain("12 Elm Street");
    expect(await notificationsOf(t, actor)).toEqual([]);

    // Edited without changing the assignee: nothing new. Reassigned: the new assignee hears.
    const edit = {
      organization: org,
      taskId: task.id,
      title: "Order the inspection",
      status: "TODO" as const,
    };
    await updateTask(loopCtx, { ...edit, assigneeId: bea.id, dueDate: "2027-01-15" });
    expect(await notificationsOf(t, bea)).toHaveLength(1);
    await updateTask(loopCtx, { ...edit, assigneeId: cal.id });
    expect((await notificationsOf(t, cal)).map((n) => [n.kind, n.entityId])).toEqual([
      ["TASK_ASSIGNED", task.id],
    ]);
    expect(await notificationsOf(t, bea)).toHaveLength(1);
  });

  it("a contact assigned to me: on create, on update, and once for a bulk assignment", async () => {
    const { t, actor, bea, cal } = await team();
    const org = t.org.slug;
    const ctx = await ctxOf(actor, t, "contacts:write");
    const ann = await createContact(ctx, { organization: org, name: "Ann Buyer", assignedTo: bea.id });
    const mine = await createContact(ctx, { organization: org, name: "Own Lead", assignedTo: actor.id });
    await updateContact(ctx, {
      organization: org,
      id: ann.id,
      version: ann.version,
      name: "Ann Buyer",
      assignedTo: cal.id,
    });
    expect((await notificationsOf(t, bea)).map((n) => [n.kind, n.entityId, n.link])).toEqual([
      ["CONTACT_ASSIGNED", ann.id, `/${org}/crm/contacts/${ann.id}`],
    ]);
    expect((await notificationsOf(t, cal)).map((n) => n.title)).toEqual([
      "Contact assigned to you: Ann Buyer",
    ]);
    expect(await notificationsOf(t, actor)).toEqual([]);

    const more = [];
    for (const name of ["Bo", "Cy", "Di"])
      more.push((await createContact(ctx, { organization: org, name })).id);
    const owner = await ctxOf(t.users.OWNER!, t, "contacts:bulk");
    await bulkAssignContacts(owner, {
      organization: org,
      assigneeId: bea.id,
      selection: { kind: "ids", ids: [...more, mine.id] },
    });
    const bulk = (await notificationsOf(t, bea)).slice(1);
    expect(bulk.map((n) => [n.kind, n.title, n.link])).toEqual([
      ["CONTACT_ASSIGNED", "4 contacts were assigned to you", `/${org}/crm/contacts?assignee=me`],
    ]);
  });

  it("mutes the kinds a member turned off (the database drops them for every writer), and keeps the others", async () => {
    const { t, bea, loopId, loopCtx, actor } = await team();
    const org = t.org.slug;
    const beaCtx = await ctxOf(bea, t, "notifications:read");
    expect(await getNotificationPreferences(beaCtx)).toEqual({ muted: [], dailyDigest: true });
    await updateNotificationPreferences(beaCtx, {
      organization: org,
      muted: ["TASK_ASSIGNED", "TASK_ASSIGNED"],
      dailyDigest: false,
    });
    expect(await getNotificationPreferences(beaCtx)).toEqual({
      muted: ["TASK_ASSIGNED"],
      dailyDigest: false,
    });

    await addTask(loopCtx, { organization: org, loopId, title: "Muted for Bea", assigneeId: bea.id });
    const contacts = await ctxOf(actor, t, "contacts:write");
    await createContact(contacts, { organization: org, name: "Still heard", assignedTo: bea.id });
    expect((await notificationsOf(t, bea)).map((n) => n.kind)).toEqual(["CONTACT_ASSIGNED"]);

    // A raw insert as the app's role is dropped too: the rule lives in the database, not only in notify().
    const raw = await asApp(
      actor,
      t,
      "insert into public.notifications (organization_id, user_id, kind, title, created_by) values ($1, $2, 'TASK_ASSIGNED', 'Sneaky', $3)",
      [t.org.id, bea.id, actor.id],
    );
    expect(raw).toEqual({ ok: true, rows: 0 });
    expect(await notificationsOf(t, bea)).toHaveLength(1);
  });
});

describe("the notification centre", () => {
  it("lists newest first with unread marked; marks one and all read; nobody marks another member's", async () => {
    const { t, bea, cal, loopId, loopCtx } = await team();
    const org = t.org.slug;
    for (const title of ["First", "Second", "Third"])
      await addTask(loopCtx, { organization: org, loopId, title, assigneeId: bea.id });
    const beaCtx = await ctxOf(bea, t, "notifications:read");
    let list = await listNotifications(beaCtx);
    expect(list.unread).toBe(3);
    expect(list.items.map((n) => [n.title, n.read])).toEqual([
      ["Task assigned to you: Third", false],
      ["Task assigned to you: Second", false],
      ["Task assigned to you: First", false],
    ]);

    const calCtx = await ctxOf(cal, t, "notifications:read");
    const target = list.items[1]!.id;
    const err = await markNotificationRead(calCtx, { organization: org, notificationId: target }).then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(err?.code).toBe("NOT_FOUND");
    expect(await listNotifications(calCtx)).toEqual({ items: [], unread: 0 });
    const rawOther = await asApp(cal, t, "update public.notifications set read_at = now() where id = $1", [
      target,
    ]);
    expect(rawOther).toEqual({ ok: true, rows: 0 });

    await markNotificationRead(beaCtx, { organization: org, notificationId: target });
    list = await listNotifications(beaCtx);
    expect(list.unread).toBe(2);
    expect(list.items.map((n) => n.read)).toEqual([false, true, false]);
    expect((await markAllNotificationsRead(beaCtx, { organization: org })).count).toBe(2);
    expect(await countUnreadNotifications(beaCtx)).toBe(0);
  });
});

describe("the live unread count", () => {
  const live: Array<{ sync: UnreadCountSync; client: SupabaseClient }> = [];
  afterAll(async () => {
    for (const l of live) {
      await l.sync.stop();
      l.client.realtime.disconnect();
    }
  });

  async function watch(t: TestTenant, user: TestUser, client: SupabaseClient) {
    const ctx = await ctxOf(user, t, "notifications:read");
    const seen = { counts: [] as number[], fetches: 0, status: [] as string[] };
    const sync = new UnreadCountSync({
      supabase: client,
      organizationId: t.org.id,
      userId: user.id,
      fetchCount: async () => {
        seen.fetches++;
        return countUnreadNotifications(ctx);
      },
      onCount: (n) => seen.counts.push(n),
      onStatus: (s) => seen.status.push(s),
    });
    live.push({ sync, client });
    await sync.start();
    await until(() => seen.counts.length === 1, `${user.email}'s first count`);
    return seen;
  }

  it("goes up for the recipient as a notification is written and down as it is read; another member receives nothing", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const actor = t.users.OWNER!;
    const bea = await signedInMember(t, "MEMBER");
    const cal = await signedInMember(t, "MEMBER");
    const beaSeen = await watch(t, bea.user, bea.client);
    const calSeen = await watch(t, cal.user, cal.client);
    expect(beaSeen.counts).toEqual([0]);

    // Cal also listens, through the same filter Bea uses, for Bea's notifications: RLS lets nothing through.
    const spied: unknown[] = [];
    const spy = cal.client
      .channel(`spy-${Date.now()}`)
      .on(
        "postgres_changes",
        { event: "*", schema: "public", table: "notifications", filter: `user_id=eq.${bea.user.id}` },
        (p) => spied.push(p),
      );
    await new Promise<void>((resolve) => spy.subscribe((s) => s === "SUBSCRIBED" && resolve()));

    const loopCtx = await ctxOf(actor, t, "loops:write");
    const { id: loopId } = await createLoop(loopCtx, {
      organization: t.org.slug,
      propertyAddress: "4 Harbor Road",
      transactionType: "LISTING",
    });
    await addTask(loopCtx, {
      organization: t.org.slug,
      loopId,
      title: "Stage the house",
      assigneeId: bea.user.id,
    });
    await until(() => beaSeen.counts.at(-1) === 1, "Bea's live count of 1");

    // Cal's channel is live (a notification of Cal's own arrives), yet nothing of Bea's reached Cal.
    const calFetchesBefore = calSeen.fetches;
    await addTask(loopCtx, {
      organization: t.org.slug,
      loopId,
      title: "Book the photos",
      assigneeId: cal.user.id,
    });
    await until(() => calSeen.counts.at(-1) === 1, "Cal's live count of 1");
    expect(calSeen.fetches).toBe(calFetchesBefore + 1);
    expect(calSeen.counts).toEqual([0, 1]);
    expect(spied).toEqual([]);

    // Read: the count follows the UPDATE.
    const beaCtx = await ctxOf(bea.user, t, "notifications:read");
    await markAllNotificationsRead(beaCtx, { organization: t.org.slug });
    await until(() => beaSeen.counts.at(-1) === 0, "Bea's live count back to 0");
    expect(beaSeen.counts).toEqual([0, 1, 0]);
    await cal.client.removeChannel(spy);
  });
});

describe("the daily digest", () => {
  const outbox = () => process.env.MAIL_OUTBOX_DIR!;
  const mailsTo = (email: string) =>
    readdirSync(outbox())
      .filter((f) => f.includes("-digest-") && f.includes(email))
      .map((f) => JSON.parse(readFileSync(path.join(outbox(), f), "utf8")) as Record<string, string>);
  const day = (offset: number, from = "2027-03-10") =>
    new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

  it("mails key dates soon, overdue tasks and unread notifications; notifies once a day; a second run does nothing", async () => {
    const { t, actor, bea, cal, loopId, loopCtx } = await team();
    const org = t.org.slug;
    const now = new Date("2027-03-10T07:00:00Z");
    const db = ownerDb();
    // Bea takes part in the loop, as does the actor who created it (its buyer's agent); Cal doesn't (and keeps
    // no digest); the owner has nothing to do with it.
    await db.loopParticipant.create({
      data: { organizationId: t.org.id, loopId, role: "BUYERS_AGENT", userId: bea.id },
    });
    await dateKeyDate(loopId, "INSPECTION", day(2));
    await dateKeyDate(loopId, "APPRAISAL", day(1), "MET");
    await dateKeyDate(loopId, "CLOSING", day(10));
    await db.loopKeyDate.create({
      data: {
        organizationId: t.org.id,
        loopId,
        kind: "CUSTOM",
        label: "HOA approval",
        date: new Date(`${day(3)}T00:00:00Z`),
      },
    });
    await addTask(loopCtx, {
      organization: org,
      loopId,
      title: "Wire the deposit",
      assigneeId: bea.id,
      dueDate: day(-2),
    });
    await addTask(loopCtx, {
      organization: org,
      loopId,
      title: "Not yet due",
      assigneeId: bea.id,
      dueDate: day(0),
    });
    await addTask(loopCtx, {
      organization: org,
      loopId,
      title: "Cal is late",
      assigneeId: cal.id,
      dueDate: day(-1),
    });
    const calCtx = await ctxOf(cal, t, "notifications:read");
    await updateNotificationPreferences(calCtx, { organization: org, muted: [], dailyDigest: false });

    const run = (at = now) =>
      runDailyDigest({
        db,
        sources: TRANSACTIONS_DIGEST_SOURCES,
        appUrl: "https://hearth.example",
        now: at,
        organizationId: t.org.id,
      });
    const first = await run();
    expect(first).toMatchObject({ day: "2027-03-10", members: 4, claimed: 4, notifications: 4, mailed: 2 });

    const beaMail = mailsTo(bea.email);
    expect(beaMail).toHaveLength(1);
    expect(beaMail[0]!.subject).toBe(
      `${t.org.name} today: 2 key dates in the next 3 days, 1 overdue task, 2 unread notifications`,
    );
    const text = beaMail[0]!.text!;
    expect(text).toContain("Mar 12: Inspection — 12 Elm Street");
    expect(text).toContain("Mar 13: HOA approval — 12 Elm Street");
    expect(text).not.toMatch(/Appraisal|Closing/); // met, or more than 3 days away
    expect(text).toContain("Wire the deposit — 12 Elm Street (due Mar 8)");
    expect(text).not.toContain("Not yet due — 12 Elm Street"); // due today is not overdue
    expect(text).toContain("Task assigned to you: Not yet due"); // an unread notification
    expect(text).toContain(`https://hearth.example/${org}/transactions/${loopId}`);
    expect(beaMail[0]!.link).toBe(`https://hearth.example/${org}/notifications`);

    const beaKinds = (await notificationsOf(t, bea)).filter((n) => n.createdBy === null);
    expect(beaKinds.map((n) => [n.kind, n.title, n.link])).toEqual(
      expect.arrayContaining([
        ["KEY_DATE_SOON", "2 key dates in the next 3 days", `/${org}/transactions/${loopId}`],
        ["TASKS_OVERDUE", "1 overdue task", `/${org}/dashboard`],
      ]),
    );
    expect(beaKinds).toHaveLength(2);
    // The actor, on the loop: its key dates, nothing overdue, nothing unread.
    expect((await notificationsOf(t, actor)).map((n) => [n.kind, n.title])).toEqual([
      ["KEY_DATE_SOON", "2 key dates in the next 3 days"],
    ]);
    const actorMail = mailsTo(actor.email);
    expect(actorMail.map((m) => m.subject)).toEqual([`${t.org.name} today: 2 key dates in the next 3 days`]);
    expect(actorMail[0]!.text).toContain("Mar 12: Inspection — 12 Elm Street");
    // Cal: the overdue notification, no mail (digest off). The owner: nothing due, nothing unread, no mail.
    expect((await notificationsOf(t, cal)).filter((n) => n.createdBy === null).map((n) => n.kind)).toEqual([
      "TASKS_OVERDUE",
    ]);
    expect(mailsTo(cal.email)).toEqual([]);
    expect(await notificationsOf(t, t.users.OWNER!)).toEqual([]);
    expect(mailsTo(t.users.OWNER!.email)).toEqual([]);

    // The same day again: nothing new.
    const second = await run(new Date("2027-03-10T19:30:00Z"));
    expect(second).toMatchObject({ claimed: 0, notifications: 0, mailed: 0 });
    expect(mailsTo(bea.email)).toHaveLength(1);
    expect((await notificationsOf(t, bea)).filter((n) => n.createdBy === null)).toHaveLength(2);

    // The next day is a new digest.
    const next = await run(new Date("2027-03-11T07:00:00Z"));
    expect(next).toMatchObject({ day: "2027-03-11", claimed: 4 });
    expect(mailsTo(bea.email)).toHaveLength(2);
  });

  it("runs as `npm run notifications:digest` (what a scheduler calls): mails today's digest once, names an unknown organization", async () => {
    const { t, bea, loopId, loopCtx } = await team();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await addTask(loopCtx, {
      organization: t.org.slug,
      loopId,
      title: "Order the survey",
      assigneeId: bea.id,
      dueDate: yesterday,
    });
    const digest = (...args: string[]) =>
      spawnSync(
        "node_modules/.bin/tsx",
        ["--conditions=react-server", "scripts/notifications-digest.ts", ...args],
        {
          env: process.env,
          encoding: "utf8",
        },
      );
    const first = digest("--organization", t.org.slug);
    expect(first.stderr).not.toContain("failed");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/4 of 4 members done now \(0 earlier today\), 1 notifications, 1 mails\./);
    const mails = mailsTo(bea.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("1 overdue task");
    expect(mails[0]!.text).toContain("Order the survey — 12 Elm Street");

    const again = digest("--organization", t.org.slug);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("0 of 4 members done now (4 earlier today)");
    expect(mailsTo(bea.email)).toHaveLength(1);

    const unknown = digest("--organization", `no-such-${t.org.slug}`);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`no organization with the address no-such-${t.org.slug}`);
  });

  it("leaves muted kinds out of the mail and the notifications", async () => {
    const { t, bea, loopId, loopCtx } = await team();
    const org = t.org.slug;
    await ownerDb().loopParticipant.create({
      data: { organizationId: t.org.id, loopId, role: "BUYERS_AGENT", userId: bea.id },
    });
    await dateKeyDate(loopId, "INSPECTION", "2027-05-02");
    await addTask(loopCtx, {
      organization: org,
      loopId,
      title: "Late thing",
      assigneeId: bea.id,
      dueDate: "2027-04-20",
    });
    const beaCtx = await ctxOf(bea, t, "notifications:read");
    await markAllNotificationsRead(beaCtx, { organization: org });
    await updateNotificationPreferences(beaCtx, {
      organization: org,
      muted: ["KEY_DATE_SOON"],
      dailyDigest: true,
    });
    await runDailyDigest({
      db: ownerDb(),
      sources: TRANSACTIONS_DIGEST_SOURCES,
      appUrl: "https://hearth.example",
      now: new Date("2027-05-01T06:00:00Z"),
      organizationId: t.org.id,
    });
    const mail = mailsTo(bea.email).find((m) => m.subject!.includes("overdue"));
    expect(mail?.subject).toBe(`${t.org.name} today: 1 overdue task`);
    expect(mail?.text).not.toContain("Inspection");
    expect((await notificationsOf(t, bea)).filter((n) => n.createdBy === null).map((n) => n.kind)).toEqual([
      "TASKS_OVERDUE",
    ]);
  });
});
