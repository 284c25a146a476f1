// A contact's timeline: one ordered list across kinds (entries, reminders and the follow-up date, deals,
// transactions, changes), a keyset cursor that neither skips nor repeats rows with equal timestamps, filters by
// kind, edits and deletes by the author or an owner/admin (audited, worded), tenants and viewers kept out, and the
// reminders due today on the member's "my day".
import { describe, expect, it } from "vitest";
import { describeEntry } from "@/components/activity/wording";
import { withTenantContext } from "@/lib/database/tenant";
import { listActivity } from "@/lib/modules/activity";
import { getMyDueReminders } from "@/lib/modules/crm/queries/reminders";
import { getContactTimeline } from "@/lib/modules/crm/queries/timeline";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { createDeal } from "@/lib/modules/crm/services/deals";
import {
  completeFollowUp,
  createContactReminder,
  deleteContactEntry,
  logContactEntry,
  setContactReminderDone,
  updateContactEntry,
} from "@/lib/modules/crm/services/timeline";
import type { TimelineItem } from "@/lib/modules/crm/schemas";
import { addMember, createUser, ownerDb, suffix } from "../../support/factories";
import { crmCtx, crmTenant, ctxOf, fails } from "./support";

const at = (iso: string) => new Date(iso);
const kindsOf = (items: TimelineItem[]) =>
  items.map((i) => (i.kind === "entry" ? i.entryKind : i.kind === "change" ? i.action : i.kind));

async function tenantWithContact(opts: { followUp?: Date } = {}) {
  const t = await crmTenant();
  const member = await ctxOf(t, "MEMBER");
  const contact = await createContact(member, {
    organization: t.org.slug,
    name: `Timeline ${suffix()}`,
    nextFollowUp: opts.followUp ?? null,
  });
  return { t, member, contact };
}

describe("a contact's timeline", () => {
  it("orders entries, reminders, the follow-up date, deals and changes newest first, and filters by kind", async () => {
    const { t, member, contact } = await tenantWithContact({ followUp: at("2031-01-01T09:00:00Z") });
    const org = t.org.slug;
    await logContactEntry(member, {
      organization: org,
      contactId: contact.id,
      kind: "NOTE",
      body: "Prefers texts",
      occurredAt: at("2025-01-03T10:00:00Z"),
    });
    await logContactEntry(member, {
      organization: org,
      contactId: contact.id,
      kind: "CALL",
      body: "Talked about the offer",
      occurredAt: at("2025-01-05T10:00:00Z"),
      callOutcome: "CONNECTED",
      durationMinutes: "12",
    });
    await logContactEntry(member, {
      organization: org,
      contactId: contact.id,
      kind: "MEETING",
      body: "Showing at 12 Elm",
      occurredAt: at("2025-01-04T10:00:00Z"),
      // call details on a meeting are dropped
      callOutcome: "NO_ANSWER",
    });
    await createContactReminder(member, {
      organization: org,
      contactId: contact.id,
      title: "Send comps",
      dueAt: at("2030-06-01T09:00:00Z"),
    });
    await createDeal(await ctxOf(t, "MEMBER", "deals:write"), {
      organization: org,
      contactId: contact.id,
      title: "Condo",
      value: "1000",
    });

    const page = await getContactTimeline(await ctxOf(t, "VIEWER", "contacts:read"), contact.id);
    // The follow-up (2031) and the reminder (2030-06) are due in the future: they lead. The deal and the contact's
    // creation happened now; the logged entries in 2025-01 by when they happened, whatever order they were typed in.
    expect(kindsOf(page.items)).toEqual([
      "reminder",
      "reminder",
      "deal",
      "contact.created",
      "CALL",
      "MEETING",
      "NOTE",
    ]);
    expect(page.nextCursor).toBeNull();
    const [followUp, reminder] = page.items;
    expect(followUp).toMatchObject({ kind: "reminder", id: null, title: "Follow up", contactVersion: 1 });
    expect(reminder).toMatchObject({
      kind: "reminder",
      title: "Send comps",
      done: false,
      assignee: { id: t.users.MEMBER!.id },
    });
    const call = page.items.find((i) => i.kind === "entry" && i.entryKind === "CALL");
    expect(call).toMatchObject({
      body: "Talked about the offer",
      callOutcome: "CONNECTED",
      durationMinutes: 12,
      actor: { id: t.users.MEMBER!.id },
      edited: false,
    });
    const meeting = page.items.find((i) => i.kind === "entry" && i.entryKind === "MEETING");
    expect(meeting).toMatchObject({ callOutcome: null, durationMinutes: null });

    const only = await getContactTimeline(member, contact.id, { kinds: ["call", "note"] });
    expect(kindsOf(only.items)).toEqual(["CALL", "NOTE"]);
    const reminders = await getContactTimeline(member, contact.id, { kinds: ["reminder"] });
    expect(kindsOf(reminders.items)).toEqual(["reminder", "reminder"]);

    // Every write was audited as an entry about the contact, worded as a sentence the team reads in its feed.
    const feed = await listActivity(await ctxOf(t, "MEMBER", "activity:read"), { limit: 20 });
    const sentences = feed
      .filter((e) => e.entityId === contact.id)
      .map((e) => {
        const w = describeEntry(e);
        return `${w.action} ${w.label}${w.detail}`;
      });
    expect(sentences).toEqual(
      expect.arrayContaining([
        `logged a call with ${contact.name}: “Talked about the offer”`,
        `added a note to ${contact.name}: “Prefers texts”`,
        `logged a meeting with ${contact.name}: “Showing at 12 Elm”`,
        `set a reminder on ${contact.name}: “Send comps”`,
      ]),
    );
  });

  it("pages with a cursor that neither skips nor repeats entries logged at the same instant", async () => {
    const { t, contact } = await tenantWithContact();
    const same = "2030-02-02T02:02:02.123456Z";
    await ownerDb().$executeRawUnsafe(
      `insert into public.contact_entries (organization_id, contact_id, kind, body, occurred_at, created_by)
       select $1::uuid, $2::uuid, 'NOTE', 'Note ' || g, $3::timestamptz, $4::uuid from generate_series(1, 23) g`,
      t.org.id,
      contact.id,
      same,
      t.users.MEMBER!.id,
    );
    // Reminders due at the very same instant interleave with the entries by their key.
    await ownerDb().$executeRawUnsafe(
      `insert into public.contact_reminders (organization_id, contact_id, title, due_at, created_by)
       select $1::uuid, $2::uuid, 'R ' || g, $3::timestamptz, $4::uuid from generate_series(1, 4) g`,
      t.org.id,
      contact.id,
      same,
      t.users.MEMBER!.id,
    );
    const viewer = await ctxOf(t, "VIEWER", "contacts:read");
    const all = await getContactTimeline(viewer, contact.id, { limit: 100 });
    expect(all.items).toHaveLength(28); // 23 notes, 4 reminders, the contact's creation
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await getContactTimeline(viewer, contact.id, { cursor, limit: 5 });
      seen.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toEqual(all.items.map((i) => i.key));
    expect(new Set(seen).size).toBe(28);
    // A cursor we didn't write starts from the newest instead of failing.
    const bogus = await getContactTimeline(viewer, contact.id, { cursor: "not-a-cursor", limit: 3 });
    expect(bogus.items.map((i) => i.key)).toEqual(all.items.slice(0, 3).map((i) => i.key));
  });

  it("lets the author or an owner/admin edit and delete an entry, and nobody else", async () => {
    const { t, member, contact } = await tenantWithContact();
    const org = t.org.slug;
    const { id } = await logContactEntry(member, {
      organization: org,
      contactId: contact.id,
      kind: "CALL",
      body: "Left a message",
      callOutcome: "LEFT_VOICEMAIL",
    });
    // A second member of the team (not the author) may not change it.
    const colleague = await createUser();
    await addMember(t, colleague, "MEMBER");
    const colleagueCtx = await crmCtx(colleague, org);
    const edit = {
      organization: org,
      id,
      kind: "CALL" as const,
      body: "Left a voicemail about Saturday",
      callOutcome: "LEFT_VOICEMAIL" as const,
    };
    expect((await fails(updateContactEntry(colleagueCtx, edit))).code).toBe("FORBIDDEN");
    expect((await fails(deleteContactEntry(colleagueCtx, { organization: org, id }))).code).toBe("FORBIDDEN");
    // The database refuses it too (RLS and the author trigger), not only the service.
    const raw = await fails(
      withTenantContext(
        colleagueCtx,
        (tx) => tx.$executeRaw`update public.contact_entries set body = 'forged' where id = ${id}::uuid`,
      ),
    );
    expect(String(raw.cause ?? raw.message)).toMatch(/author|42501/);
    const rawDelete = await withTenantContext(
      colleagueCtx,
      (tx) => tx.$executeRaw`delete from public.contact_entries where id = ${id}::uuid`,
    );
    expect(rawDelete).toBe(0);

    await updateContactEntry(member, edit);
    const edited = await getContactTimeline(member, contact.id, { kinds: ["call"] });
    expect(edited.items[0]).toMatchObject({ body: "Left a voicemail about Saturday" });

    // An admin may delete anyone's entry; it leaves the timeline and the audit log says so.
    await deleteContactEntry(await ctxOf(t, "ADMIN"), { organization: org, id });
    expect((await getContactTimeline(member, contact.id, { kinds: ["call"] })).items).toEqual([]);
    const log = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, entityId: contact.id, action: { startsWith: "contact.entry" } },
      orderBy: { seq: "asc" },
    });
    expect(log.map((l) => [l.action, l.userId])).toEqual([
      ["contact.entry_logged", t.users.MEMBER!.id],
      ["contact.entry_updated", t.users.MEMBER!.id],
      ["contact.entry_deleted", t.users.ADMIN!.id],
    ]);
    expect(log[1]!.oldValues).toMatchObject({ body: "Left a message" });
  });

  it("keeps viewers and other organizations out", async () => {
    const { t, member, contact } = await tenantWithContact();
    const { id } = await logContactEntry(member, {
      organization: t.org.slug,
      contactId: contact.id,
      kind: "NOTE",
      body: "Private to Maple",
    });
    // A viewer reads but can't be authorized to write, and RLS refuses their writes if a service tried anyway.
    expect((await fails(ctxOf(t, "VIEWER", "contacts:write"))).code).toBe("FORBIDDEN");
    const viewer = await ctxOf(t, "VIEWER", "contacts:read");
    expect((await getContactTimeline(viewer, contact.id)).items.length).toBeGreaterThan(0);
    const viewerWrite = await fails(
      logContactEntry(viewer, { organization: t.org.slug, contactId: contact.id, kind: "NOTE", body: "x" }),
    );
    expect(viewerWrite.code).toBe("FORBIDDEN");

    // Another organization: the contact doesn't exist for them, for reading or writing.
    const other = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const outsider = await ctxOf(other, "OWNER");
    expect(await getContactTimeline(outsider, contact.id)).toEqual({ items: [], nextCursor: null });
    const write = await fails(
      logContactEntry(outsider, {
        organization: other.org.slug,
        contactId: contact.id,
        kind: "NOTE",
        body: "x",
      }),
    );
    expect(write.code).toBe("NOT_FOUND");
    const edit = await fails(
      updateContactEntry(outsider, { organization: other.org.slug, id, kind: "NOTE", body: "hijacked" }),
    );
    expect(edit.code).toBe("NOT_FOUND");
    const reminder = await fails(
      createContactReminder(outsider, {
        organization: other.org.slug,
        contactId: contact.id,
        title: "x",
        dueAt: new Date(),
      }),
    );
    expect(reminder.code).toBe("NOT_FOUND");
    const entry = await ownerDb().contactEntry.findUniqueOrThrow({ where: { id } });
    expect(entry.body).toBe("Private to Maple");
  });
});

describe("reminders on my day", () => {
  it("lists the member's open reminders due today or overdue, and done takes them off", async () => {
    const { t, member, contact } = await tenantWithContact();
    const org = t.org.slug;
    const now = new Date("2030-03-10T15:00:00Z");
    const set = (title: string, dueAt: string, assigneeId?: string) =>
      createContactReminder(member, { organization: org, contactId: contact.id, title, dueAt, assigneeId });
    const overdue = await set("Overdue one", "2030-03-08T09:00:00Z");
    const today = await set("Later today", "2030-03-10T20:00:00Z");
    await set("Tomorrow", "2030-03-11T09:00:00Z");
    await set("For the admin", "2030-03-09T09:00:00Z", t.users.ADMIN!.id);
    // Viewers can't be given work.
    const toViewer = await fails(set("For the viewer", "2030-03-09T09:00:00Z", t.users.VIEWER!.id));
    expect(toViewer.code).toBe("VALIDATION");

    const day = await getMyDueReminders(member, { now });
    expect(day.items.map((r) => [r.title, r.overdue, r.contact.name])).toEqual([
      ["Overdue one", true, contact.name],
      ["Later today", false, contact.name],
    ]);
    expect(day.total).toBe(2);
    expect((await getMyDueReminders(await ctxOf(t, "ADMIN"), { now })).items.map((r) => r.title)).toEqual([
      "For the admin",
    ]);

    await setContactReminderDone(member, { organization: org, id: overdue.id, done: true });
    // A second click (or a teammate first) changes nothing and writes no second entry.
    await setContactReminderDone(member, { organization: org, id: overdue.id, done: true });
    expect((await getMyDueReminders(member, { now })).items.map((r) => r.id)).toEqual([today.id]);
    const timeline = await getContactTimeline(member, contact.id, { kinds: ["reminder"] });
    expect(timeline.items.find((i) => i.kind === "reminder" && i.id === overdue.id)).toMatchObject({
      done: true,
    });
    const completions = await ownerDb().auditLog.count({
      where: { organizationId: t.org.id, action: "contact.reminder_completed" },
    });
    expect(completions).toBe(1);
    // Another organization can't tick it.
    const other = await crmTenant({ roles: ["OWNER"] });
    const outsider = await ctxOf(other, "OWNER");
    expect(
      (
        await fails(
          setContactReminderDone(outsider, { organization: other.org.slug, id: today.id, done: true }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("shows the contact's follow-up date as a reminder, and done clears it with its version", async () => {
    const { t, member, contact } = await tenantWithContact({ followUp: at("2030-01-01T09:00:00Z") });
    const page = await getContactTimeline(member, contact.id, { kinds: ["reminder"] });
    expect(page.items).toEqual([expect.objectContaining({ key: `f:${contact.id}`, contactVersion: 1 })]);
    const stale = await fails(
      completeFollowUp(member, { organization: t.org.slug, contactId: contact.id, version: 7 }),
    );
    expect(stale.code).toBe("CONFLICT");
    await completeFollowUp(member, { organization: t.org.slug, contactId: contact.id, version: 1 });
    expect((await getContactTimeline(member, contact.id, { kinds: ["reminder"] })).items).toEqual([]);
    const row = await ownerDb().contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect([row.nextFollowUp, row.version]).toEqual([null, 2]);
  });
});
