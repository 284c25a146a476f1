// Breaks: the network between the form and the server — a double-click, a resubmit, a retry after a lost response,
// 200 copies of one submission at once — and the work itself (a transaction killed after it wrote). "Nothing lost"
// (and nothing doubled) means: one submission's key creates exactly one record whatever the number of copies, every
// copy answers the first result, the same key with other input is refused, an expired key is forgotten, and an
// attempt that failed leaves no key, so its retry does the work (lib/database/idempotency.ts, decision 0020).
//
// The actions are driven through action() with `idempotent`, exactly what orgAction runs after authorize() (which
// needs a Next request's session); the routes through their real exports with `.as(user)`.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { action } from "@/lib/action";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeUser } from "@/lib/auth/authorize";
import { armIdempotencyKey } from "@/lib/database/idempotency";
import { withTenantContext } from "@/lib/database/tenant";
import type { ActionResult } from "@/lib/errors";
import { importContactsRoute } from "@/lib/modules/crm/routes/import";
import { createContactSchema, createDealSchema } from "@/lib/modules/crm/schemas";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { createDeal } from "@/lib/modules/crm/services/deals";
import { inviteMemberSchema } from "@/lib/modules/organizations/schemas";
import { inviteMember } from "@/lib/modules/organizations/services/members";
import { addTaskSchema, createLoopSchema } from "@/lib/modules/transactions/schemas";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addTask } from "@/lib/modules/transactions/services/tasks";
import { pdfBytes } from "../../scripts/lib/sample-files";
import { asCurrentUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../support/factories";
import { BASE, newLoop, upload } from "../integration/transactions/support/documents";
import { ctxFor } from "../integration/transactions/support/helpers";

const params = <P>(p: P) => ({ params: Promise.resolve(p) });

/** A create action as the form calls it: orgAction minus authorize (done once here). */
function formAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  work: (input: z.output<S>) => Promise<T>,
): (input: z.input<S> & { idempotencyKey?: string }) => Promise<ActionResult<T>> {
  return action(name, schema, work, { idempotent: true });
}

async function ownerOf(t: TestTenant, permission: Permission): Promise<AuthContext> {
  return ctxFor(t.users.OWNER!, t.org.slug, permission);
}

const contactsNamed = (t: TestTenant, name: string) =>
  ownerDb().contact.count({ where: { organizationId: t.org.id, name } });

describe("idempotency keys on create actions", () => {
  it("200 concurrent submissions of one key create exactly one contact and answer 200 identical results", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ownerOf(t, "contacts:write");
    const create = formAction("createContact", createContactSchema, (input) => createContact(ctx, input));
    const idempotencyKey = randomUUID();
    const input = { organization: t.org.slug, name: "Only Once", email: "once@example.test", idempotencyKey };

    const results = await Promise.all(Array.from({ length: 200 }, () => create(input)));

    expect(
      results.filter((r) => !r.ok),
      JSON.stringify(results.find((r) => !r.ok)),
    ).toEqual([]);
    expect(results).toEqual(Array.from({ length: 200 }, () => results[0]));
    // Byte for byte, key order included: the stored result is kept as written (json, not jsonb).
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await contactsNamed(t, "Only Once")).toBe(1);
    const audit = await ownerDb().auditLog.count({
      where: { organizationId: t.org.id, action: "contact.created" },
    });
    expect(audit).toBe(1);
  });

  it("a retry answers the first result and creates nothing, for contacts, deals, loops, tasks and invitations", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const org = t.org.slug;
    const contactCtx = await ownerOf(t, "contacts:write");
    const dealCtx = await ownerOf(t, "deals:write");
    const loopCtx = await ownerOf(t, "loops:write");
    const memberCtx = await ownerOf(t, "members:manage");
    const twice = async <I, T>(
      run: (input: I & { idempotencyKey: string }) => Promise<ActionResult<T>>,
      input: I,
    ) => {
      const idempotencyKey = randomUUID();
      const first = await run({ ...input, idempotencyKey });
      const again = await run({ ...input, idempotencyKey });
      expect(first.ok, JSON.stringify(first)).toBe(true);
      return { first, again };
    };

    const contact = await twice(
      formAction("createContact", createContactSchema, (i) => createContact(contactCtx, i)),
      { organization: org, name: "Retry Contact" },
    );
    expect(contact.again).toEqual(contact.first);
    expect(await contactsNamed(t, "Retry Contact")).toBe(1);
    const contactId = contact.first.ok ? contact.first.data.id : "";

    const deal = await twice(
      formAction("createDeal", createDealSchema, (i) => createDeal(dealCtx, i)),
      { organization: org, contactId, title: "Retry Deal" },
    );
    expect(deal.again).toEqual(deal.first);
    expect(await ownerDb().deal.count({ where: { organizationId: t.org.id, title: "Retry Deal" } })).toBe(1);

    const loop = await twice(
      formAction("createLoop", createLoopSchema, (i) => createLoop(loopCtx, i)),
      { organization: org, propertyAddress: "1 Retry Lane", transactionType: "PURCHASE" as const },
    );
    expect(loop.again).toEqual(loop.first);
    expect(
      await ownerDb().transactionLoop.count({
        where: { organizationId: t.org.id, propertyAddress: "1 Retry Lane" },
      }),
    ).toBe(1);
    const loopId = loop.first.ok ? loop.first.data.id : "";

    const task = await twice(
      formAction("addTask", addTaskSchema, (i) => addTask(loopCtx, i)),
      { organization: org, loopId, title: "Retry task" },
    );
    expect(task.again).toEqual(task.first);
    expect(await ownerDb().transactionTask.count({ where: { loopId, title: "Retry task" } })).toBe(1);

    const invite = await twice(
      formAction("inviteMember", inviteMemberSchema, (i) => inviteMember(memberCtx, i, BASE)),
      { organization: org, email: "retry-invitee@example.test", role: "MEMBER" as const },
    );
    // The replay is the first result without the link: its secret is never stored (decision 0020).
    expect(invite.again).toEqual({
      ok: true,
      data: { ...(invite.first.ok ? invite.first.data : {}), link: null, emailed: null },
    });
    const invitations = await ownerDb().invitation.findMany({
      where: { organizationId: t.org.id, email: "retry-invitee@example.test" },
    });
    // A second real invitation would have withdrawn the first (revokedAt set): both checks matter.
    expect(invitations.map((i) => i.revokedAt)).toEqual([null]);
  });

  it("refuses the same key with other input, and creates nothing for it", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ownerOf(t, "contacts:write");
    const create = formAction("createContact", createContactSchema, (input) => createContact(ctx, input));
    const idempotencyKey = randomUUID();
    expect((await create({ organization: t.org.slug, name: "First Name", idempotencyKey })).ok).toBe(true);
    const other = await create({ organization: t.org.slug, name: "Other Name", idempotencyKey });
    expect(other).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    if (!other.ok) expect(other.error.message).toMatch(/already submitted with different values/);
    expect(await contactsNamed(t, "Other Name")).toBe(0);
    // A malformed key is a validation error, not a 500.
    expect(
      await create({ organization: t.org.slug, name: "X", idempotencyKey: "bad key\u0000" }),
    ).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
  });

  it("a refused caller's checks never claim the key (orgAction arms it after authorize)", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    const idempotencyKey = randomUUID();
    const input = { organization: t.org.slug, name: "After Refusal", idempotencyKey };
    // What orgAction runs: authorize (here for a given user: a refused one records the denial in a transaction
    // of its own), then arm the key, then the work.
    const asOrgAction = (user: TestUser) =>
      action(
        "createContact",
        createContactSchema,
        async (i) => {
          const ctx = await authorizeUser(asCurrentUser(user), {
            organization: i.organization,
            permission: "contacts:write",
          });
          armIdempotencyKey();
          return createContact(ctx, i);
        },
        { idempotent: true, armAfterAuthorize: true },
      );
    expect(await asOrgAction(t.users.VIEWER!)(input)).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect(
      await ownerDb()
        .$queryRaw`select 1 from private.idempotency_keys where organization_id = ${t.org.id}::uuid`,
    ).toEqual([]);
    // The same key, once allowed (for the viewer's own scope: keys are per user), does the work.
    await ownerDb().organizationMember.updateMany({
      where: { organizationId: t.org.id, userId: t.users.VIEWER!.id },
      data: { role: "MEMBER" },
    });
    const allowed = await asOrgAction(t.users.VIEWER!)(input);
    expect(allowed.ok, JSON.stringify(allowed)).toBe(true);
    expect(await contactsNamed(t, "After Refusal")).toBe(1);
  });

  it("forgets an expired key (the retry creates again) and purges expired keys", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ownerOf(t, "contacts:write");
    const create = formAction("createContact", createContactSchema, (input) => createContact(ctx, input));
    const input = { organization: t.org.slug, name: "Expiring", idempotencyKey: randomUUID() };
    await create(input);
    const n = await ownerDb().$executeRaw`
      update private.idempotency_keys set expires_at = now() - interval '1 second'
       where organization_id = ${t.org.id}::uuid and key = ${input.idempotencyKey}`;
    expect(n).toBe(1);
    const again = await create(input);
    expect(again.ok).toBe(true);
    expect(await contactsNamed(t, "Expiring")).toBe(2);
    // The expired row was replaced by the new one, which is live.
    const rows = await ownerDb().$queryRaw<{ live: boolean }[]>`
      select expires_at > now() as live from private.idempotency_keys
       where organization_id = ${t.org.id}::uuid and key = ${input.idempotencyKey}`;
    expect(rows).toEqual([{ live: true }]);

    await ownerDb().$executeRaw`
      update private.idempotency_keys set expires_at = now() - interval '1 second'
       where organization_id = ${t.org.id}::uuid`;
    const [purge] = await ownerDb().$queryRaw<{ purged: number }[]>`
      select private.purge_idempotency_keys() as purged`;
    expect(purge?.purged).toBeGreaterThanOrEqual(1);
    expect(
      await ownerDb()
        .$queryRaw`select 1 from private.idempotency_keys where organization_id = ${t.org.id}::uuid`,
    ).toEqual([]);
  });

  it("a failed attempt leaves no key: after a validation error or a transaction killed mid-work, the retry creates", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ownerOf(t, "contacts:write");
    const idempotencyKey = randomUUID();
    const input = { organization: t.org.slug, name: "Second Try", email: "second@example.test" };

    // The server refuses the first attempt's input (an email already taken by a teammate, say).
    const create = formAction("createContact", createContactSchema, (i) => createContact(ctx, i));
    expect(await create({ ...input, email: "not an email", idempotencyKey })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });

    // The first attempt wrote the contact and its audit entry, then died before commit.
    let crash = true;
    const crashing = formAction("createContact", createContactSchema, (i) =>
      withTenantContext(ctx, async (tx) => {
        const created = await createContact.within(tx, ctx, i);
        if (crash) throw new Error("killed mid-transaction");
        return created;
      }),
    );
    // The one expected log line: action() logs an unknown failure before answering INTERNAL.
    vi.mocked(console.error).mockImplementationOnce(() => {});
    expect(await crashing({ ...input, idempotencyKey })).toMatchObject({
      ok: false,
      error: { code: "INTERNAL" },
    });
    expect(await contactsNamed(t, "Second Try")).toBe(0);
    expect(
      await ownerDb()
        .$queryRaw`select 1 from private.idempotency_keys where organization_id = ${t.org.id}::uuid`,
    ).toEqual([]);

    crash = false;
    const retry = await crashing({ ...input, idempotencyKey });
    expect(retry.ok).toBe(true);
    expect(await crashing({ ...input, idempotencyKey })).toEqual(retry);
    expect(await contactsNamed(t, "Second Try")).toBe(1);
  });
});

describe("idempotency keys on create routes (Idempotency-Key header)", () => {
  const csvImport = (t: TestTenant, csv: string, key?: string) =>
    importContactsRoute.as(asCurrentUser(t.users.OWNER!))(
      new Request(`${BASE}/api/organizations/${t.org.slug}/contacts/import`, {
        method: "POST",
        headers: {
          host: "app.test",
          "content-type": "text/csv",
          ...(key ? { "idempotency-key": key } : {}),
        },
        body: csv,
      }),
      params({ org: t.org.slug }),
    );
  const doneLine = async (res: Response) => {
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    return lines.at(-1) as { type: string; imported?: number; error?: { code: string } };
  };

  it("a retried CSV import answers the first result and imports nothing more; other CSV with the key is refused", async () => {
    const t = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    // No emails: without a key, a second import of these rows would add them all again (the control below).
    const csv = "name,company\nRetry One,Acme\nRetry Two,Acme\n";
    const key = randomUUID();
    const first = await doneLine(await csvImport(t, csv, key));
    expect(first).toMatchObject({ type: "done", imported: 2 });
    expect(await doneLine(await csvImport(t, csv, key))).toEqual(first);
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(2);

    expect(await doneLine(await csvImport(t, "name\nSomeone Else\n", key))).toMatchObject({
      type: "error",
      error: { code: "CONFLICT" },
    });
    // The control: without a key the same file is imported again.
    expect(await doneLine(await csvImport(t, csv))).toMatchObject({ type: "done", imported: 2 });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(4);
  });

  it("a retried upload answers the first document and stores one row", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);
    const bytes = pdfBytes("once");
    const headers = { "idempotency-key": randomUUID() };
    const first = await upload(agent, t.org.slug, loopId, bytes, { name: "offer.pdf", headers });
    expect(first.res.status).toBe(201);
    const again = await upload(agent, t.org.slug, loopId, bytes, { name: "offer.pdf", headers });
    expect(again.res.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(1);

    const other = await upload(agent, t.org.slug, loopId, pdfBytes("other"), { name: "offer.pdf", headers });
    expect(other.res.status).toBe(409);
    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(1);
  });
});
