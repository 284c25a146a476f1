// Assignees are members who can do the work: lists and services leave out viewers, suspended and pending
// members, and the database refuses a viewer as the assignee of a contact, deal or task (a loop's teammate may
// still be a viewer).
import { describe, expect, it } from "vitest";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { createContact, updateContact } from "@/lib/modules/crm/services/contacts";
import { createDeal } from "@/lib/modules/crm/services/deals";
import { listAssignees, listTeammates } from "@/lib/modules/organizations";
import { getLoop } from "@/lib/modules/transactions";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addParticipant } from "@/lib/modules/transactions/services/participants";
import { addTask } from "@/lib/modules/transactions/services/tasks";
import { addMember, createUser, ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails } from "./support";

async function team() {
  const t = await crmTenant({ roles: ["OWNER", "ADMIN", "MEMBER", "VIEWER"] });
  const suspended = await createUser({ globalRole: "SUSPENDED" });
  await addMember(t, suspended, "MEMBER");
  const pending = await createUser();
  await addMember(t, pending, "MEMBER", false);
  return { t, suspended, pending };
}

describe("assignee lists", () => {
  it("list joined, unsuspended members who aren't viewers; teammates include viewers", async () => {
    const { t } = await team();
    const ctx = await ctxOf(t, "VIEWER", "contacts:read");
    const workers = [t.users.OWNER!.id, t.users.ADMIN!.id, t.users.MEMBER!.id].sort();
    expect((await listAssignees(ctx)).map((a) => a.id).sort()).toEqual(workers);
    expect((await listTeammates(ctx)).map((a) => a.id).sort()).toEqual(
      [...workers, t.users.VIEWER!.id].sort(),
    );
  });

  it("offer a loop's tasks to those who can do them only", async () => {
    const { t } = await team();
    const ctx = await ctxOf(t, "OWNER", "loops:write");
    const { id } = await createLoop(ctx, {
      organization: t.org.slug,
      propertyAddress: "9 Viewer Row",
      transactionType: "PURCHASE",
    });
    const members = (await getLoop(ctx, id)).members.map((m) => m.id).sort();
    expect(members).toEqual([t.users.OWNER!.id, t.users.ADMIN!.id, t.users.MEMBER!.id].sort());
  });
});

describe("services refuse a viewer as assignee", () => {
  it("for a new contact, an edited contact, a deal and a bulk assign", async () => {
    const { t } = await team();
    const viewer = t.users.VIEWER!.id;
    const owner = await ctxOf(t, "OWNER");
    const org = t.org.slug;
    expect(
      await fails(createContact(owner, { organization: org, name: "Vera View", assignedTo: viewer })),
    ).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { assignedTo: [expect.stringMatching(/viewers can't be assigned/)] },
    });
    const contact = await createContact(owner, {
      organization: org,
      name: "Ada Work",
      assignedTo: t.users.MEMBER!.id,
    });
    expect(
      await fails(
        updateContact(owner, {
          organization: org,
          id: contact.id,
          version: 1,
          name: "Ada Work",
          assignedTo: viewer,
        }),
      ),
    ).toMatchObject({ code: "VALIDATION" });
    expect(
      await fails(
        createDeal(await ctxOf(t, "OWNER", "deals:write"), {
          organization: org,
          contactId: contact.id,
          title: "Ada — buy",
          stage: "LEAD",
          assignedTo: viewer,
        }),
      ),
    ).toMatchObject({ code: "VALIDATION" });
    expect(
      await fails(
        bulkAssignContacts(await ctxOf(t, "OWNER", "contacts:bulk"), {
          organization: org,
          assigneeId: viewer,
          selection: { kind: "ids", ids: [contact.id] },
        }),
      ),
    ).toMatchObject({ code: "VALIDATION", fieldErrors: { assigneeId: [expect.any(String)] } });
    expect((await ownerDb().contact.findUniqueOrThrow({ where: { id: contact.id } })).assignedTo).toBe(
      t.users.MEMBER!.id,
    );
  });

  it("for a task, while a viewer can still join a loop as a teammate", async () => {
    const { t } = await team();
    const ctx = await ctxOf(t, "OWNER", "loops:write");
    const org = t.org.slug;
    const { id: loopId } = await createLoop(ctx, {
      organization: org,
      propertyAddress: "4 Elm",
      transactionType: "PURCHASE",
    });
    expect(
      await fails(
        addTask(ctx, {
          organization: org,
          loopId,
          title: "Order inspection",
          assigneeId: t.users.VIEWER!.id,
        }),
      ),
    ).toMatchObject({ code: "VALIDATION", fieldErrors: { assigneeId: [expect.any(String)] } });
    await addParticipant(ctx, {
      organization: org,
      loopId,
      role: "BUYERS_AGENT",
      kind: "member",
      userId: t.users.VIEWER!.id,
    });
    expect((await getLoop(ctx, loopId)).participants.some((p) => p.user?.id === t.users.VIEWER!.id)).toBe(
      true,
    );
  });
});

describe("the database refuses a viewer as assignee", () => {
  it("on contacts, deals and tasks, inserted or updated, and keeps accepting members", async () => {
    const { t } = await team();
    const db = ownerDb();
    const viewer = t.users.VIEWER!.id;
    const member = t.users.MEMBER!.id;
    const contact = await db.contact.create({
      data: { organizationId: t.org.id, name: `Trigger ${suffix()}`, assignedTo: member },
    });
    const ctx = await ctxOf(t, "OWNER", "loops:write");
    const { id: loopId } = await createLoop(ctx, {
      organization: t.org.slug,
      propertyAddress: "5 Trigger St",
      transactionType: "PURCHASE",
    });
    const task = (await getLoop(ctx, loopId)).tasks[0]!;
    const refused = /the assignee is a viewer and cannot be assigned work/;
    const statements: Array<[string, ...unknown[]]> = [
      [
        "insert into public.contacts (organization_id, name, assigned_to) values ($1::uuid, 'V', $2::uuid)",
        t.org.id,
      ],
      ["update public.contacts set assigned_to = $2::uuid where id = $1::uuid", contact.id],
      [
        "insert into public.deals (organization_id, contact_id, title, assigned_to) select organization_id, id, 'D', $2::uuid from public.contacts where id = $1::uuid",
        contact.id,
      ],
      ["update public.transaction_tasks set assignee_id = $2::uuid where id = $1::uuid", task.id],
    ];
    for (const [sql, first] of statements) {
      await expect(db.$executeRawUnsafe(sql, first, viewer), sql).rejects.toThrow(refused);
      await expect(db.$executeRawUnsafe(sql, first, member), sql).resolves.toBe(1);
    }
    // A viewer as a loop's teammate is still fine.
    await db.loopParticipant.create({
      data: { organizationId: t.org.id, loopId, role: "LISTING_AGENT", userId: viewer },
    });
  });
});
