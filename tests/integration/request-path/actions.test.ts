// Every server action that acts in an organization (all but leaving it, a redirect, and support's access), called
// through its real export with a real session: beyond the lazy user sync (one statement that also checks the session
// is live), its whole database work is ONE transaction of at most six statements — authorization (membership, plan,
// rate-limit hit, the tenant settings and the claim of the form's idempotency key in one statement), the write with
// its audit entry, the key's record. Not here: the account's actions (Supabase Auth's own API) and the two before a
// membership exists (creating an organization, accepting an invitation). A regression in round trips fails here
// (counts, not times; docs/decisions/0031).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RATE_LIMITS } from "@/lib/auth/rate-limit";
import type { ActionResult } from "@/lib/errors";
import { bulkAssignContactsAction } from "@/lib/modules/crm/actions/bulk-assign-contacts";
import { createContactAction } from "@/lib/modules/crm/actions/create-contact";
import { createContactReminderAction } from "@/lib/modules/crm/actions/create-contact-reminder";
import { createDealAction } from "@/lib/modules/crm/actions/create-deal";
import { logContactEntryAction } from "@/lib/modules/crm/actions/log-contact-entry";
import { moveDealStageAction } from "@/lib/modules/crm/actions/move-deal-stage";
import { saveViewAction } from "@/lib/modules/crm/actions/save-view";
import { tagContactAction } from "@/lib/modules/crm/actions/tag-contact";
import { updateContactAction } from "@/lib/modules/crm/actions/update-contact";
import { addSlotAction } from "@/lib/modules/documents/actions/add-slot";
import { approveDocumentAction } from "@/lib/modules/documents/actions/approve-document";
import { createDocumentLinkAction } from "@/lib/modules/documents/actions/create-document-link";
import { deleteDocumentAction } from "@/lib/modules/documents/actions/delete-document";
import { fileDocumentAction } from "@/lib/modules/documents/actions/file-document";
import { removeSlotAction } from "@/lib/modules/documents/actions/remove-slot";
import { returnDocumentAction } from "@/lib/modules/documents/actions/return-document";
import { submitForReviewAction } from "@/lib/modules/documents/actions/submit-for-review";
import { markAllNotificationsReadAction } from "@/lib/modules/notifications/actions/mark-all-notifications-read";
import { updateNotificationPreferencesAction } from "@/lib/modules/notifications/actions/update-notification-preferences";
import { changeMemberRoleAction } from "@/lib/modules/organizations/actions/change-member-role";
import { updateOrganizationAction } from "@/lib/modules/organizations/actions/update-organization";
import { createLoopAction } from "@/lib/modules/transactions/actions/create-loop";
import { addTaskAction } from "@/lib/modules/transactions/actions/add-task";
import { setTaskCompletedAction } from "@/lib/modules/transactions/actions/set-task-completed";
import { reorderTasksAction } from "@/lib/modules/transactions/actions/reorder-tasks";
import { deleteTaskAction } from "@/lib/modules/transactions/actions/delete-task";
import { saveKeyDateAction } from "@/lib/modules/transactions/actions/save-key-date";
import { addParticipantAction } from "@/lib/modules/transactions/actions/add-participant";
import { updateLoopAction } from "@/lib/modules/transactions/actions/update-loop";
import { updateDealAction } from "@/lib/modules/crm/actions/update-deal";
import { addDealNoteAction } from "@/lib/modules/crm/actions/add-deal-note";
import { inviteMemberAction } from "@/lib/modules/organizations/actions/invite-member";
import { revokeInvitationAction } from "@/lib/modules/organizations/actions/revoke-invitation";
import { mergeContactsAction } from "@/lib/modules/crm/actions/merge-contacts";
import { deleteContactAction } from "@/lib/modules/crm/actions/delete-contact";
import { bulkTagContactsAction } from "@/lib/modules/crm/actions/bulk-tag-contacts";
import { startLoopFromDealAction } from "@/lib/modules/transactions/actions/start-loop-from-deal";
import { removeParticipantAction } from "@/lib/modules/transactions/actions/remove-participant";
import { removeKeyDateAction } from "@/lib/modules/transactions/actions/remove-key-date";
import { deleteLoopAction } from "@/lib/modules/transactions/actions/delete-loop";
import { updateContactEntryAction } from "@/lib/modules/crm/actions/update-contact-entry";
import { deleteContactEntryAction } from "@/lib/modules/crm/actions/delete-contact-entry";
import { updateContactReminderAction } from "@/lib/modules/crm/actions/update-contact-reminder";
import { setContactReminderDoneAction } from "@/lib/modules/crm/actions/set-contact-reminder-done";
import { deleteContactReminderAction } from "@/lib/modules/crm/actions/delete-contact-reminder";
import { completeFollowUpAction } from "@/lib/modules/crm/actions/complete-follow-up";
import { untagContactAction } from "@/lib/modules/crm/actions/untag-contact";
import { deleteDealAction } from "@/lib/modules/crm/actions/delete-deal";
import { deleteViewAction } from "@/lib/modules/crm/actions/delete-view";
import { updateViewAction } from "@/lib/modules/crm/actions/update-view";
import { dismissDuplicateAction } from "@/lib/modules/crm/actions/dismiss-duplicate";
import { markNotificationReadAction } from "@/lib/modules/notifications/actions/mark-notification-read";
import { setMemberReviewerAction } from "@/lib/modules/organizations/actions/set-member-reviewer";
import { removeMemberAction } from "@/lib/modules/organizations/actions/remove-member";
import { changePlanAction } from "@/lib/modules/organizations/actions/change-plan";
import { addTemplateItemAction } from "@/lib/modules/transactions/actions/add-template-item";
import { updateTemplateItemAction } from "@/lib/modules/transactions/actions/update-template-item";
import { removeTemplateItemAction } from "@/lib/modules/transactions/actions/remove-template-item";
import { reorderTemplateItemsAction } from "@/lib/modules/transactions/actions/reorder-template-items";
import { updateTaskAction } from "@/lib/modules/transactions/actions/update-task";
import { changeLoopStatusAction } from "@/lib/modules/transactions/actions/change-loop-status";
import { PASSWORD, signedInMember } from "../../support/activity-feed";
import { ownerDb, type TestTenant } from "../../support/factories";
import { clearOfWindowEnds } from "../../support/rate-windows";
import { pdfBytes } from "../../../scripts/lib/sample-files";
import { upload } from "../transactions/support/documents";
import { countAppStatements, countedWorld, signInAs, type RequestStatements } from "./support";

vi.mock("next/headers", () => import("./next-mocks"));
vi.mock("next/cache", () => import("./next-mocks"));

let counter: ReturnType<typeof countAppStatements>;
let t: TestTenant;
let slug: string;
let contactId: string;
let dealId: string;
let loopId: string;
let memberId: string;
let owner: { id: string };

beforeAll(async () => {
  ({ t, slug, contactId, dealId, loopId, owner } = await countedWorld(1));
  memberId = t.members.MEMBER!;
  counter = countAppStatements();
}, 60_000);
afterAll(() => counter.restore());

const key = () => randomUUID().replaceAll("-", "");

/** Runs one action, expects it to succeed, and returns what it sent. */
async function sent(run: () => Promise<ActionResult<unknown>>): Promise<RequestStatements> {
  const r = await counter.count(run);
  expect(r.result, JSON.stringify(r.result)).toMatchObject({ ok: true });
  return r;
}

/**
 * Statements inside the one transaction (BEGIN/COMMIT aside): six at most, whatever the number of rows. Composite
 * writes fold their steps into one statement each: a loop from its template reads the template, then writes the loop
 * with everything the template fills in one statement of data-modifying CTEs; bulk assign checks the assignee (with
 * the name its entry shows), then locks and updates the selection in one statement that returns the contacts' names;
 * a task locks its loop (checking its assignee in the same statement), then takes the next position, inserts itself
 * and sets the loop's progress in one statement; a change to an existing task locks the loop it finds by the
 * task's id (checking a new assignee in the same statement), then reads the task, writes it and the loop's progress
 * in one; a notification is one insert of its rows for the recipients still members.
 */
const BUDGET = 6;

const cases: Array<[string, () => Promise<ActionResult<unknown>>]> = [
  [
    "create contact (with its form's key)",
    () =>
      createContactAction({
        organization: slug,
        name: "New buyer",
        email: `b-${key()}@example.test`,
        idempotencyKey: key(),
      } as never),
  ],
  [
    "update contact",
    async () => {
      const { version } = await ownerDb().contact.findUniqueOrThrow({ where: { id: contactId } });
      return updateContactAction({
        organization: slug,
        id: contactId,
        version,
        name: `Renamed ${key()}`,
        status: "CLIENT",
      });
    },
  ],
  [
    "bulk assign",
    () =>
      bulkAssignContactsAction({
        organization: slug,
        assigneeId: t.users.MEMBER!.id,
        selection: { kind: "ids", ids: [contactId] },
      }),
  ],
  [
    "tag a contact",
    () => tagContactAction({ organization: slug, contactId, name: `tag-${key().slice(0, 6)}` }),
  ],
  [
    "save a view",
    () =>
      saveViewAction({
        organization: slug,
        name: `View ${key().slice(0, 6)}`,
        shared: true,
        params: { status: "LEAD" },
      }),
  ],
  [
    "log a call",
    () =>
      logContactEntryAction({
        organization: slug,
        contactId,
        kind: "CALL",
        body: "Talked about the offer",
        callOutcome: "CONNECTED",
        durationMinutes: 5,
      } as never),
  ],
  [
    "add a reminder",
    () =>
      createContactReminderAction({
        organization: slug,
        contactId,
        title: "Call back",
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        idempotencyKey: key(),
      } as never),
  ],
  [
    "create deal",
    () =>
      createDealAction({
        organization: slug,
        title: "Second home",
        value: "410000",
        contactId,
        idempotencyKey: key(),
      } as never),
  ],
  [
    "move deal stage",
    async () => {
      const { version, stage } = await ownerDb().deal.findUniqueOrThrow({ where: { id: dealId } });
      return moveDealStageAction({
        organization: slug,
        id: dealId,
        version,
        stage: stage === "OFFER" ? "NEGOTIATION" : "OFFER",
      } as never);
    },
  ],
  [
    "create loop (copies its template)",
    async () => {
      const r = await createLoopAction({
        organization: slug,
        propertyAddress: `${key().slice(0, 4)} Count Lane`,
        transactionType: "PURCHASE",
        idempotencyKey: key(),
      } as never);
      if (r.ok) loopId = (r.data as { id: string }).id;
      return r;
    },
  ],
  [
    "add a task",
    () =>
      addTaskAction({
        organization: slug,
        loopId,
        title: "Order the inspection",
        idempotencyKey: key(),
      } as never),
  ],
  [
    "add a task for a teammate (checks and notifies the assignee)",
    () =>
      addTaskAction({
        organization: slug,
        loopId,
        title: "Book the appraisal",
        assigneeId: t.users.MEMBER!.id,
        idempotencyKey: key(),
      } as never),
  ],
  [
    "complete a task",
    async () => {
      const task = await ownerDb().transactionTask.findFirstOrThrow({ where: { loopId, completed: false } });
      return setTaskCompletedAction({ organization: slug, taskId: task.id, completed: true });
    },
  ],
  [
    "edit a task, reassigning it",
    async () => {
      const task = await ownerDb().transactionTask.findFirstOrThrow({ where: { loopId } });
      return updateTaskAction({
        organization: slug,
        taskId: task.id,
        title: task.title,
        status: "TODO",
        assigneeId: t.users.MEMBER!.id,
        dueDate: null,
      } as never);
    },
  ],
  [
    "reopen a task",
    async () => {
      const task = await ownerDb().transactionTask.findFirstOrThrow({ where: { loopId, completed: true } });
      return setTaskCompletedAction({ organization: slug, taskId: task.id, completed: false });
    },
  ],
  [
    "edit a task, following its key date again",
    async () => {
      const task = await ownerDb().transactionTask.findFirstOrThrow({
        where: { loopId, keyDateKind: { not: null } },
      });
      return updateTaskAction({
        organization: slug,
        taskId: task.id,
        title: `${task.title} (checked)`,
        status: "IN_PROGRESS",
        assigneeId: null,
        dueDate: null,
        followKeyDate: true,
      } as never);
    },
  ],
  [
    "reorder tasks",
    async () => {
      const tasks = await ownerDb().transactionTask.findMany({
        where: { loopId },
        orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
      });
      return reorderTasksAction({ organization: slug, loopId, taskIds: tasks.map((x) => x.id).reverse() });
    },
  ],
  [
    "delete a task",
    async () => {
      const task = await ownerDb().transactionTask.findFirstOrThrow({ where: { loopId } });
      return deleteTaskAction({ organization: slug, taskId: task.id });
    },
  ],
  [
    "date a key date (its tasks follow)",
    () =>
      saveKeyDateAction({
        organization: slug,
        loopId,
        kind: "INSPECTION",
        date: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      } as never),
  ],
  [
    "edit a loop, moving its closing (closing's tasks follow)",
    () =>
      updateLoopAction({
        organization: slug,
        loopId,
        propertyAddress: "1 Count Lane",
        transactionType: "PURCHASE",
        expectedClosing: new Date(Date.now() + (30 + Math.floor(Math.random() * 30)) * 86_400_000)
          .toISOString()
          .slice(0, 10),
      } as never),
  ],
  [
    "add a contact to a loop",
    () =>
      addParticipantAction({
        organization: slug,
        loopId,
        role: "BUYER",
        kind: "contact",
        contactId,
      } as never),
  ],
  [
    "add a document slot",
    () => addSlotAction({ organization: slug, loopId, title: `Disclosure ${key().slice(0, 4)}` }),
  ],
  [
    "change loop status",
    () => changeLoopStatusAction({ organization: slug, loopId, status: "ACTIVE" } as never),
  ],
  [
    "edit a deal",
    async () => {
      const { version } = await ownerDb().deal.findUniqueOrThrow({ where: { id: dealId } });
      return updateDealAction({
        organization: slug,
        id: dealId,
        version,
        title: `Counted deal ${key().slice(0, 4)}`,
        value: "320000",
        contactId,
      } as never);
    },
  ],
  ["note on a deal", () => addDealNoteAction({ organization: slug, dealId, body: "Lender pre-approval in" })],
  [
    "invite a member",
    () =>
      inviteMemberAction({
        organization: slug,
        email: `i-${key().slice(0, 8)}@example.test`,
        role: "MEMBER",
      }),
  ],
  [
    "merge two contacts",
    async () => {
      const [keep, remove] = await Promise.all(
        ["Amelia Brown", "Amelia Browne"].map((name) =>
          ownerDb().contact.create({ data: { organizationId: t.org.id, name } }),
        ),
      );
      return mergeContactsAction({
        organization: slug,
        keepId: keep!.id,
        removeId: remove!.id,
        keepVersion: keep!.version,
        removeVersion: remove!.version,
        fields: { name: "keep" },
      } as never);
    },
  ],
  [
    "delete a contact",
    async () => {
      const doomed = await ownerDb().contact.create({
        data: { organizationId: t.org.id, name: "Gone soon" },
      });
      return deleteContactAction({ organization: slug, id: doomed.id });
    },
  ],
  [
    "bulk tag",
    () =>
      bulkTagContactsAction({
        organization: slug,
        name: `bulk-${key().slice(0, 6)}`,
        selection: { kind: "ids", ids: [contactId] },
      } as never),
  ],
  [
    "start a loop from a deal",
    async () => {
      const deal = await ownerDb().deal.create({
        data: { organizationId: t.org.id, contactId, title: "Starter home", value: 250000 },
      });
      return startLoopFromDealAction({
        organization: slug,
        dealId: deal.id,
        propertyAddress: `${key().slice(0, 4)} Deal Road`,
        transactionType: "PURCHASE",
        idempotencyKey: key(),
      } as never);
    },
  ],
  [
    "take a person off a loop",
    async () => {
      const p = await ownerDb().loopParticipant.findFirstOrThrow({ where: { loopId } });
      return removeParticipantAction({ organization: slug, participantId: p.id });
    },
  ],
  [
    "remove a custom key date",
    async () => {
      const k = await ownerDb().loopKeyDate.create({
        data: { organizationId: t.org.id, loopId, kind: "CUSTOM", label: "Survey" },
      });
      return removeKeyDateAction({ organization: slug, keyDateId: k.id });
    },
  ],
  [
    "delete a loop",
    async () => {
      const l = await ownerDb().transactionLoop.create({
        data: { organizationId: t.org.id, propertyAddress: "9 Gone Street", transactionType: "PURCHASE" },
      });
      return deleteLoopAction({ organization: slug, loopId: l.id });
    },
  ],
  [
    "revoke an invitation",
    async () => {
      const inv = await ownerDb().invitation.findFirstOrThrow({
        where: { organizationId: t.org.id, revokedAt: null, acceptedAt: null },
      });
      return revokeInvitationAction({ organization: slug, invitationId: inv.id });
    },
  ],
  [
    "edit a logged entry",
    async () => {
      const e = await ownerDb().contactEntry.findFirstOrThrow({ where: { contactId } });
      return updateContactEntryAction({
        organization: slug,
        id: e.id,
        kind: "NOTE",
        body: "Talked about the offer, and the inspection",
      } as never);
    },
  ],
  [
    "edit a reminder",
    async () => {
      const r = await ownerDb().contactReminder.findFirstOrThrow({ where: { contactId } });
      return updateContactReminderAction({
        organization: slug,
        id: r.id,
        title: "Call back about the inspection",
        dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        assigneeId: null,
      } as never);
    },
  ],
  [
    "tick a reminder done",
    async () => {
      const r = await ownerDb().contactReminder.findFirstOrThrow({ where: { contactId } });
      return setContactReminderDoneAction({ organization: slug, id: r.id, done: true });
    },
  ],
  [
    "delete a reminder",
    async () => {
      const r = await ownerDb().contactReminder.findFirstOrThrow({ where: { contactId } });
      return deleteContactReminderAction({ organization: slug, id: r.id });
    },
  ],
  [
    "delete a logged entry",
    async () => {
      const e = await ownerDb().contactEntry.findFirstOrThrow({ where: { contactId } });
      return deleteContactEntryAction({ organization: slug, id: e.id });
    },
  ],
  [
    "tick the follow-up done",
    async () => {
      const { version } = await ownerDb().contact.findUniqueOrThrow({ where: { id: contactId } });
      return completeFollowUpAction({ organization: slug, contactId, version });
    },
  ],
  [
    "untag a contact",
    async () => {
      const tag = await ownerDb().contactTag.findFirstOrThrow({ where: { contactId } });
      return untagContactAction({ organization: slug, contactId, tagId: tag.tagId });
    },
  ],
  [
    "rename a view",
    async () => {
      const v = await ownerDb().savedView.findFirstOrThrow({ where: { organizationId: t.org.id } });
      return updateViewAction({
        organization: slug,
        id: v.id,
        name: `Renamed ${key().slice(0, 6)}`,
        shared: false,
        params: { status: "CLIENT" },
      });
    },
  ],
  [
    "delete a view",
    async () => {
      const v = await ownerDb().savedView.findFirstOrThrow({ where: { organizationId: t.org.id } });
      return deleteViewAction({ organization: slug, id: v.id });
    },
  ],
  [
    "not a duplicate",
    async () => {
      const [a, b] = await Promise.all(
        ["Zoe Haddad", "Zoe Hadad"].map((name) =>
          ownerDb().contact.create({ data: { organizationId: t.org.id, name } }),
        ),
      );
      return dismissDuplicateAction({ organization: slug, a: a!.id, b: b!.id });
    },
  ],
  [
    "delete a deal",
    async () => {
      const d = await ownerDb().deal.create({
        data: { organizationId: t.org.id, contactId, title: "Fell through", value: 1 },
      });
      return deleteDealAction({ organization: slug, id: d.id });
    },
  ],
  [
    "read one notification",
    async () => {
      const n = await ownerDb().notification.create({
        data: { organizationId: t.org.id, userId: owner.id, kind: "CONTACT_ASSIGNED", title: "Counted" },
      });
      return markNotificationReadAction({ organization: slug, notificationId: n.id });
    },
  ],
  [
    "make a member a reviewer",
    () => setMemberReviewerAction({ organization: slug, memberId, reviewer: true }),
  ],
  [
    "add a template item",
    async () => {
      const tpl = await ownerDb().checklistTemplate.findFirstOrThrow({ where: { organizationId: t.org.id } });
      return addTemplateItemAction({
        organization: slug,
        templateId: tpl.id,
        kind: "TASK",
        title: `Walk-through ${key().slice(0, 4)}`,
        category: "CLOSING",
        assigneeRole: "",
        keyDateKind: "CLOSING",
        dueDays: 1,
      } as never);
    },
  ],
  [
    "reorder a template",
    async () => {
      const tpl = await ownerDb().checklistTemplate.findFirstOrThrow({
        where: { organizationId: t.org.id },
        include: { items: { orderBy: { sortOrder: "asc" } } },
      });
      return reorderTemplateItemsAction({
        organization: slug,
        templateId: tpl.id,
        itemIds: tpl.items.map((i) => i.id).reverse(),
      });
    },
  ],
  [
    "edit a template item",
    async () => {
      const item = await ownerDb().checklistTemplateItem.findFirstOrThrow({
        where: { organizationId: t.org.id, kind: "DOCUMENT" },
      });
      return updateTemplateItemAction({
        organization: slug,
        itemId: item.id,
        kind: "DOCUMENT",
        title: `${item.title} (signed)`,
        required: false,
      } as never);
    },
  ],
  [
    "remove a template item",
    async () => {
      const item = await ownerDb().checklistTemplateItem.findFirstOrThrow({
        where: { organizationId: t.org.id },
      });
      return removeTemplateItemAction({ organization: slug, itemId: item.id });
    },
  ],
  ["mark notifications read", () => markAllNotificationsReadAction({ organization: slug })],
  [
    "notification preferences",
    () =>
      updateNotificationPreferencesAction({
        organization: slug,
        muted: ["CONTACT_ASSIGNED"],
        dailyDigest: false,
      } as never),
  ],
  [
    "change a member's role",
    async () => {
      const { role } = await ownerDb().organizationMember.findUniqueOrThrow({ where: { id: memberId } });
      return changeMemberRoleAction({
        organization: slug,
        memberId,
        role: role === "MEMBER" ? "VIEWER" : "MEMBER",
      });
    },
  ],
  [
    "remove a member",
    async () => {
      const extra = await signedInMember(t, "VIEWER");
      const m = await ownerDb().organizationMember.findFirstOrThrow({
        where: { organizationId: t.org.id, userId: extra.user.id },
      });
      return removeMemberAction({ organization: slug, memberId: m.id });
    },
  ],
  ["change the plan", () => changePlanAction({ organization: slug, tier: "GROWTH" })],
  ["change it back", () => changePlanAction({ organization: slug, tier: "ELITE" })],
  [
    "organization settings",
    () => updateOrganizationAction({ organization: slug, name: `Org ${key().slice(0, 6)}` }),
  ],
];

describe("statements per server action", () => {
  it.each(cases)(
    "%s: the session check, then one transaction of at most six statements",
    async (_name, run) => {
      const r = await sent(run);
      const shown = r.statements.map((s) => s.replace(/\s+/g, " ").slice(0, 100)).join("\n");
      // The session check and lazy user sync: one statement of its own.
      expect(r.statements[0], shown).toMatch(/auth\.sessions/);
      expect(r.transactions, shown).toBe(2);
      expect(r.inTransactions, shown).toBeLessThanOrEqual(BUDGET);
      // Authorization opens the transaction: membership, plan, rate limit and the tenant role in its first statement.
      expect(r.statements[1], shown).toBe("BEGIN");
      expect(r.statements[2], shown).toMatch(/private\.begin_request\(.*set_config\('role'/s);
    },
  );

  it("a document's life: filed, submitted, approved or returned, linked, deleted — each within six", async () => {
    const uploaded = await Promise.all(
      ["one", "two"].map(async () => {
        const { json } = await upload(owner as never, slug, loopId, pdfBytes("Counted disclosure"));
        return json.document!.id;
      }),
    );
    const slots = await ownerDb().loopDocumentSlot.findMany({
      where: { loopId },
      orderBy: { sortOrder: "asc" },
    });
    const steps: Array<[string, () => Promise<ActionResult<unknown>>]> = [
      ...uploaded.map((documentId, i): [string, () => Promise<ActionResult<unknown>>] => [
        `file a document (${i + 1})`,
        () => fileDocumentAction({ organization: slug, documentId, slotId: slots[i]!.id } as never),
      ]),
      ["submit the loop for review", () => submitForReviewAction({ organization: slug, loopId })],
      ["approve a document", () => approveDocumentAction({ organization: slug, documentId: uploaded[0]! })],
      [
        "return a document",
        () => returnDocumentAction({ organization: slug, documentId: uploaded[1]!, note: "Needs initials" }),
      ],
      ["link a document", () => createDocumentLinkAction({ organization: slug, documentId: uploaded[0]! })],
      ["delete a document", () => deleteDocumentAction({ organization: slug, documentId: uploaded[1]! })],
      ["remove a document slot", () => removeSlotAction({ organization: slug, slotId: slots.at(-1)!.id })],
    ];
    for (const [name, run] of steps) {
      const r = await sent(run);
      const shown = `${name}:\n${r.statements.map((x) => x.replace(/\s+/g, " ").slice(0, 100)).join("\n")}`;
      expect(r.transactions, shown).toBe(2);
      expect(r.inTransactions, shown).toBeLessThanOrEqual(BUDGET);
    }
  });

  it("an invitation counts in the invitations' own bucket, in the access statement", async () => {
    const { limit, windowSeconds } = RATE_LIMITS.invite;
    await clearOfWindowEnds([windowSeconds]);
    await ownerDb().$executeRawUnsafe(
      `select (private.hit_rate_limit('invite:' || $1, $2::int, $3::int)).allowed from generate_series(1, $2::int)`,
      owner.id,
      limit,
      windowSeconds,
    );
    const email = `late-${key().slice(0, 8)}@example.test`;
    const r = await counter.count(() => inviteMemberAction({ organization: slug, email, role: "MEMBER" }));
    expect(r.result).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(r.statements.some((x) => /INSERT INTO "public"\."invitations"/.test(x))).toBe(false);
    expect(await ownerDb().invitation.count({ where: { email } })).toBe(0);
  });

  it("a refused caller sends the access check, then records the refusal — no work", async () => {
    const viewer = await signedInMember(t, "VIEWER");
    await signInAs(viewer.user.email, PASSWORD);
    try {
      const r = await counter.count(() => createContactAction({ organization: slug, name: "Not allowed" }));
      expect(r.result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(r.statements.some((s) => /insert into|INSERT INTO/.test(s) && /contacts/.test(s))).toBe(false);
      expect(r.statements.some((s) => /private\.record_denial/.test(s))).toBe(true);
    } finally {
      const owner = await signedInMember(t, "OWNER");
      await signInAs(owner.user.email, PASSWORD);
    }
  });
});
