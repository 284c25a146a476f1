// People on a loop: a CRM contact, a contact created with the participant (in the same transaction) or a teammate,
// in a role; refusals (another organization's contact or loop, someone who isn't a member, a viewer); removal;
// the audit entries the feed shows; the loops a contact takes part in; and "my loops". A loop starts with its
// creator on it as the agent (a Purchase: the buyer's agent), so the people below come in addition to them.
import { describe, expect, it } from "vitest";
import { entityLabelOf } from "@/lib/modules/activity/schemas";
import { describeAction } from "@/components/activity/wording";
import { createContact } from "@/lib/modules/crm";
import { getLoop, listLoops, listLoopsOfContact } from "@/lib/modules/transactions";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addParticipant, removeParticipant } from "@/lib/modules/transactions/services/participants";
import type { AddParticipantInput } from "@/lib/modules/transactions/schemas";
import { addMember, createUser, ownerDb, seedTenant, type TestTenant } from "../../support/factories";
import { ctxFor, failure } from "./support/helpers";

async function tenant(roles: Array<"OWNER" | "ADMIN" | "MEMBER" | "VIEWER"> = ["OWNER", "MEMBER"]) {
  const t = await seedTenant({ roles });
  const member = t.users.MEMBER ?? t.users.OWNER!;
  const ctx = await ctxFor(member, t.org.slug);
  return { t, org: t.org.slug, ctx };
}

async function loopIn(
  ctx: Awaited<ReturnType<typeof ctxFor>>,
  org: string,
  propertyAddress = "7 Birch Lane",
) {
  return (await createLoop(ctx, { organization: org, propertyAddress, transactionType: "PURCHASE" })).id;
}

/** Everyone on a loop, read as the table owner: [role, contact or user id], in the order they were added. */
async function peopleOn(loopId: string) {
  const rows = await ownerDb().loopParticipant.findMany({
    where: { loopId },
    orderBy: { createdAt: "asc" },
    select: { role: true, contactId: true, userId: true },
  });
  return rows.map((r) => [r.role, r.contactId ?? r.userId]);
}

async function contactIn(t: TestTenant, name: string, email?: string) {
  const ctx = await ctxFor(t.users.OWNER!, t.org.slug, "contacts:write");
  return (await createContact(ctx, { organization: t.org.slug, name, email })).id;
}

const add = (org: string, loopId: string, fields: Partial<AddParticipantInput>): AddParticipantInput => ({
  organization: org,
  loopId,
  kind: "contact",
  role: "BUYER",
  ...fields,
});

describe("adding people to a loop", () => {
  it("adds a CRM contact, a contact created inline and a teammate, each audited on the loop", async () => {
    const { t, org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org);
    const buyer = await contactIn(t, "Bea Buyer", `bea-${loopId.slice(0, 8)}@example.test`);

    await addParticipant(ctx, add(org, loopId, { kind: "contact", contactId: buyer, role: "BUYER" }));
    const lender = await addParticipant(
      ctx,
      add(org, loopId, {
        kind: "newContact",
        role: "LENDER",
        name: "Lena Lender",
        email: "LENA@Harbour-Bank.test",
        phone: "+1 555 0100",
      }),
    );
    expect(lender.name).toBe("Lena Lender");
    await addParticipant(
      ctx,
      add(org, loopId, { kind: "member", userId: t.users.OWNER!.id, role: "LISTING_AGENT" }),
    );

    const loop = await getLoop(ctx, loopId);
    expect(
      loop.participants.map((p) => [p.role, p.contact?.name ?? p.user?.name, p.contact?.email ?? null]),
    ).toEqual([
      ["BUYER", "Bea Buyer", `bea-${loopId.slice(0, 8)}@example.test`],
      ["LISTING_AGENT", t.users.OWNER!.name, null],
      // The member who created the loop, on it from the start as its buyer's agent.
      ["BUYERS_AGENT", t.users.MEMBER!.name, null],
      ["LENDER", "Lena Lender", "lena@harbour-bank.test"],
    ]);
    // The inline contact is a real CRM contact, created by the member with its own audit entry.
    const lena = loop.participants.find((p) => p.role === "LENDER")!.contact!;
    expect(
      await ownerDb().contact.findUniqueOrThrow({
        where: { id: lena.id },
        select: { createdBy: true, phone: true },
      }),
    ).toEqual({ createdBy: t.users.MEMBER!.id, phone: "+1 555 0100" });
    expect(await ownerDb().auditLog.count({ where: { entityId: lena.id, action: "contact.created" } })).toBe(
      1,
    );

    // The three added (the creator came with the loop, in its loop.created entry).
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "participant.added" },
      orderBy: { seq: "asc" },
    });
    expect(entries).toMatchObject([
      { entityType: "transaction_loop", entityId: loopId, userId: t.users.MEMBER!.id, audience: "team" },
      { entityType: "transaction_loop", entityId: loopId, audience: "team" },
      { entityType: "transaction_loop", entityId: loopId, audience: "team" },
    ]);
    expect(entries.map((e) => e.newValues)).toMatchObject([
      { role: "BUYER", person: "Bea Buyer", contactId: buyer, userId: null, propertyAddress: "7 Birch Lane" },
      { role: "LENDER", person: "Lena Lender", contactId: lena.id },
      { role: "LISTING_AGENT", person: t.users.OWNER!.name, userId: t.users.OWNER!.id, contactId: null },
    ]);
    // The feed reads it as "<who> added a person to 7 Birch Lane", linking to the loop.
    expect(describeAction("participant.added", "transaction_loop")).toBe("added a person to");
    expect(entityLabelOf(entries[0]!.newValues, null)).toBe("7 Birch Lane");
  });

  it("refuses the same person twice in one role, but takes them in another", async () => {
    const { t, org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org);
    const contactId = await contactIn(t, "Sam Seller");
    await addParticipant(ctx, add(org, loopId, { contactId, role: "SELLER" }));
    const again = await failure(addParticipant(ctx, add(org, loopId, { contactId, role: "SELLER" })));
    expect(again).toMatchObject({
      code: "CONFLICT",
      message: "Sam Seller is already on this transaction as seller.",
    });
    expect(again.fieldErrors).toEqual({ role: ["Already on this transaction as seller"] });
    await addParticipant(ctx, add(org, loopId, { contactId, role: "LANDLORD" }));
    expect(
      (await getLoop(ctx, loopId)).participants.map((p) => [p.role, p.contact?.id ?? p.user?.id]),
    ).toEqual([
      ["SELLER", contactId],
      ["BUYERS_AGENT", t.users.MEMBER!.id],
      ["LANDLORD", contactId],
    ]);
  });

  it("creates an inline contact together with the participant or not at all", async () => {
    const { t, org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org);
    // A duplicate email is the name field's neighbour's error, as on the contact form, and nothing is added.
    await contactIn(t, "Taken", "taken@example.test");
    const dup = await failure(
      addParticipant(
        ctx,
        add(org, loopId, { kind: "newContact", name: "Other", email: "taken@example.test" }),
      ),
    );
    expect(dup).toMatchObject({ code: "CONFLICT", fieldErrors: { email: [expect.any(String)] } });

    // The participant insert fails after the contact was created: the contact goes too.
    const fn = `test_fail_participant_${t.org.id.replace(/-/g, "")}`;
    const db = ownerDb();
    await db.$executeRawUnsafe(`create function public.${fn}() returns trigger language plpgsql as $$
      begin raise exception 'injected participant failure' using errcode = 'XX001'; end $$`);
    await db.$executeRawUnsafe(`create trigger ${fn} before insert on public.loop_participants
      for each row when (new.organization_id = '${t.org.id}') execute function public.${fn}()`);
    try {
      await failure(addParticipant(ctx, add(org, loopId, { kind: "newContact", name: "Ghost Lender" })));
    } finally {
      await db.$executeRawUnsafe(`drop trigger ${fn} on public.loop_participants`);
      await db.$executeRawUnsafe(`drop function public.${fn}()`);
    }
    expect(
      await db.contact.count({
        where: { organizationId: t.org.id, name: { in: ["Other", "Ghost Lender"] } },
      }),
    ).toBe(0);
    expect(await peopleOn(loopId)).toEqual([["BUYERS_AGENT", t.users.MEMBER!.id]]); // only its creator
    expect(
      await db.auditLog.count({ where: { organizationId: t.org.id, action: "participant.added" } }),
    ).toBe(0);
  });

  it("requires the fields of the kind of person added", async () => {
    const { org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org);
    for (const [fields, field] of [
      [{ kind: "contact" }, "contactId"],
      [{ kind: "member" }, "userId"],
      [{ kind: "newContact", name: "  " }, "name"],
    ] as const) {
      await expect(addParticipant(ctx, add(org, loopId, fields))).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: [field] })],
      });
    }
  });
});

describe("refusals", () => {
  it("refuses another organization's contact and loop as not found", async () => {
    const { t, org, ctx } = await tenant();
    const other = await seedTenant({ roles: ["OWNER"] });
    const foreignContact = await contactIn(other, "Elsewhere Elsa");
    const loopId = await loopIn(ctx, org);
    expect(await failure(addParticipant(ctx, add(org, loopId, { contactId: foreignContact })))).toMatchObject(
      {
        code: "NOT_FOUND",
        fieldErrors: { contactId: [expect.any(String)] },
      },
    );
    const foreignLoop = await loopIn(await ctxFor(other.users.OWNER!, other.org.slug), other.org.slug);
    const ownContact = await contactIn(t, "Home Hugo");
    expect(
      await failure(addParticipant(ctx, add(org, foreignLoop, { contactId: ownContact }))),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await ownerDb().loopParticipant.count({ where: { contactId: foreignContact } })).toBe(0);
    expect(await peopleOn(foreignLoop)).toEqual([["BUYERS_AGENT", other.users.OWNER!.id]]); // only its creator
  });

  it("refuses a user who isn't a member: another organization's, an invitation not accepted, a suspended one", async () => {
    const { t, org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org);
    const outsider = (await seedTenant({ roles: ["OWNER"] })).users.OWNER!;
    const invited = await createUser();
    await addMember(t, invited, "MEMBER", false);
    const suspended = await createUser({ globalRole: "SUSPENDED" });
    await addMember(t, suspended, "MEMBER");
    for (const user of [outsider, invited, suspended]) {
      expect(
        await failure(
          addParticipant(ctx, add(org, loopId, { kind: "member", userId: user.id, role: "BUYERS_AGENT" })),
        ),
      ).toMatchObject({ code: "VALIDATION", fieldErrors: { userId: [expect.any(String)] } });
    }
    expect(await peopleOn(loopId)).toEqual([["BUYERS_AGENT", t.users.MEMBER!.id]]); // only its creator
  });

  it("refuses a viewer: the action's authorization, and the database if a service were called anyway", async () => {
    const { t, org, ctx } = await tenant(["OWNER", "MEMBER", "VIEWER"]);
    const loopId = await loopIn(ctx, org);
    const contactId = await contactIn(t, "Vic Viewed");
    expect(await failure(ctxFor(t.users.VIEWER!, org, "loops:write"))).toMatchObject({ code: "FORBIDDEN" });
    // Past the action, the database is the backstop: under the viewer's RLS there is no loop to change (the
    // loop's lock is a SELECT … FOR UPDATE, which the update policy filters), so every write stops there.
    const viewer = await ctxFor(t.users.VIEWER!, org, "loops:read");
    for (const input of [
      add(org, loopId, { contactId }),
      add(org, loopId, { kind: "newContact", name: "Sneaky" }),
      add(org, loopId, { kind: "member", userId: t.users.VIEWER!.id, role: "OTHER" }),
    ]) {
      expect(await failure(addParticipant(viewer, input))).toMatchObject({ code: "NOT_FOUND" });
    }
    const added = await addParticipant(ctx, add(org, loopId, { contactId }));
    expect(
      await failure(removeParticipant(viewer, { organization: org, participantId: added.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await peopleOn(loopId)).toEqual([
      ["BUYERS_AGENT", t.users.MEMBER!.id],
      ["BUYER", contactId],
    ]);
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id, name: "Sneaky" } })).toBe(0);
  });
});

describe("removing people", () => {
  it("removes a participant (the last agent too) with an audit entry; twice is not found", async () => {
    const { t, org, ctx } = await tenant();
    const loopId = await loopIn(ctx, org, "3 Cedar Court");
    // The loop's only agent, and only person: the member who created it.
    const [agent, ...others] = (await getLoop(ctx, loopId)).participants;
    expect(others).toEqual([]);
    expect(agent).toMatchObject({ role: "BUYERS_AGENT", user: { id: t.users.MEMBER!.id } });
    await removeParticipant(ctx, { organization: org, participantId: agent!.id });
    expect((await getLoop(ctx, loopId)).participants).toEqual([]);
    const entry = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, action: "participant.removed" },
    });
    expect(entry).toMatchObject({
      entityType: "transaction_loop",
      entityId: loopId,
      audience: "team",
      oldValues: {
        participantId: agent!.id,
        role: "BUYERS_AGENT",
        person: t.users.MEMBER!.name,
        propertyAddress: "3 Cedar Court",
      },
    });
    expect(describeAction(entry.action, entry.entityType)).toBe("removed a person from");
    expect(
      await failure(removeParticipant(ctx, { organization: org, participantId: agent!.id })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await ownerDb().auditLog.count({ where: { organizationId: t.org.id, action: "participant.removed" } }),
    ).toBe(1);
  });

  it("can't remove another organization's participant", async () => {
    const victim = await tenant();
    const loopId = await loopIn(victim.ctx, victim.org);
    const contactId = await contactIn(victim.t, "Kept Karl");
    const { id } = await addParticipant(victim.ctx, add(victim.org, loopId, { contactId }));
    const attacker = await tenant();
    expect(
      await failure(removeParticipant(attacker.ctx, { organization: attacker.org, participantId: id })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await ownerDb().loopParticipant.count({ where: { id } })).toBe(1);
  });
});

describe("the loops of a contact", () => {
  it("lists each loop the contact is on once, with every role, newest first", async () => {
    const { t, org, ctx } = await tenant();
    const older = await loopIn(ctx, org, "1 Older Way");
    const newer = await loopIn(ctx, org, "2 Newer Way");
    const elsewhere = await loopIn(ctx, org, "3 Elsewhere");
    const sam = await contactIn(t, "Sam Both");
    const other = await contactIn(t, "Olly Other");
    await addParticipant(ctx, add(org, older, { contactId: sam, role: "LANDLORD" }));
    await addParticipant(ctx, add(org, older, { contactId: sam, role: "SELLER" }));
    await addParticipant(ctx, add(org, newer, { contactId: sam, role: "BUYER" }));
    await addParticipant(ctx, add(org, elsewhere, { contactId: other, role: "BUYER" }));

    const reader = await ctxFor(t.users.OWNER!, org, "loops:read");
    expect(await listLoopsOfContact(reader, sam)).toEqual([
      {
        loopId: newer,
        propertyAddress: "2 Newer Way",
        transactionType: "PURCHASE",
        status: "DRAFT",
        roles: ["BUYER"],
      },
      {
        loopId: older,
        propertyAddress: "1 Older Way",
        transactionType: "PURCHASE",
        status: "DRAFT",
        roles: ["SELLER", "LANDLORD"],
      },
    ]);
    expect(await listLoopsOfContact(reader, "not-a-uuid")).toEqual([]);
    // Another organization asking about this contact gets nothing.
    const stranger = await tenant();
    expect(await listLoopsOfContact(stranger.ctx, sam)).toEqual([]);
    // Deleting the contact takes them off their loops (the loop's creator stays).
    await ownerDb().contact.delete({ where: { id: sam } });
    expect((await getLoop(ctx, older)).participants.map((p) => [p.role, p.contact, p.user?.id])).toEqual([
      ["BUYERS_AGENT", null, t.users.MEMBER!.id],
    ]);
  });
});

describe("my loops", () => {
  it("is the default for members; owners, admins and viewers see all; the scope can be chosen", async () => {
    const { t, org } = await tenant(["OWNER", "ADMIN", "MEMBER", "VIEWER"]);
    const owner = await ctxFor(t.users.OWNER!, org);
    const member = await ctxFor(t.users.MEMBER!, org);
    // The member's by creating it (its creator is its agent); the owner's likewise; the member's by being added.
    const mine = await loopIn(member, org, "10 Mine Street");
    const theirs = await loopIn(owner, org, "11 Theirs Street");
    const shared = await loopIn(owner, org, "12 Shared Street");
    const contactId = await contactIn(t, "Client Carla");
    await addParticipant(owner, add(org, theirs, { contactId }));
    await addParticipant(
      owner,
      add(org, shared, { kind: "member", userId: t.users.MEMBER!.id, role: "TRANSACTION_COORDINATOR" }),
    );

    const ids = async (ctx: typeof owner, raw: Record<string, unknown> = {}) => {
      const list = await listLoops(ctx, raw);
      return { scope: list.filter.scope, ids: list.loops.map((l) => l.id), total: list.total };
    };
    const all = [shared, theirs, mine];
    expect(await ids(member)).toEqual({ scope: "mine", ids: [shared, mine], total: 2 });
    expect(await ids(member, { scope: "all" })).toEqual({ scope: "all", ids: all, total: 3 });
    expect(await ids(member, { scope: "nonsense" })).toEqual({
      scope: "mine",
      ids: [shared, mine],
      total: 2,
    });
    expect(await ids(owner)).toEqual({ scope: "all", ids: all, total: 3 });
    expect(await ids(owner, { scope: "mine" })).toEqual({ scope: "mine", ids: [shared, theirs], total: 2 });
    expect((await ids(await ctxFor(t.users.ADMIN!, org))).scope).toBe("all");
    const viewer = await ctxFor(t.users.VIEWER!, org, "loops:read");
    expect(await ids(viewer)).toEqual({ scope: "all", ids: all, total: 3 });
    expect(await ids(viewer, { scope: "mine" })).toEqual({ scope: "mine", ids: [], total: 0 });
    // Being on a loop as a contact's participant doesn't make it anyone's: only teammates count.
    expect(await ids(member, { scope: "mine", q: "Theirs" })).toEqual({ scope: "mine", ids: [], total: 0 });
  });
});
