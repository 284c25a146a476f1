// Attacks on the database layer, each one a finding of the authorization review (issue 10 §1, §4, §10): what the
// app refuses, Postgres refuses too — as the app's own role (hearth_app, with a member's claims) and as the browser's
// role (authenticated, what the Data API uses with a member's JWT). Every attempt that is meant to fail is checked
// for its SQLSTATE and for the data being unchanged afterwards.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { authorizeUser } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import type { AppError } from "@/lib/errors";
import { updateContact } from "@/lib/modules/crm/services/contacts";
import { acceptInvitation } from "@/lib/modules/organizations/services/invitations";
import { changeMemberRole, inviteMember } from "@/lib/modules/organizations/services/members";
import { changePlan } from "@/lib/modules/organizations/services/organization";
import {
  asCurrentUser,
  createUser,
  ownerDb,
  seedTenant,
  suffix,
  type TestTenant,
  type TestUser,
} from "../support/factories";
import { asApp, stateOf, type SqlResult } from "../support/as-app";

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
});
afterAll(() => pool.end());

type Result = SqlResult;

/** Runs SQL the way the Data API would with the user's JWT: role authenticated, claims set, committed. */
async function asBrowser(user: TestUser, sql: string, params: unknown[] = []): Promise<Result> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: user.id, role: "authenticated", email: user.email }),
    ]);
    await client.query("set local role authenticated");
    const res = await client.query(sql, params);
    await client.query("commit");
    return { ok: true, rows: res.rowCount ?? 0 };
  } catch (err) {
    await client.query("rollback");
    return { ok: false, ...stateOf(err) };
  } finally {
    client.release();
  }
}

const denied = (r: Result, code = "42501") => {
  expect(r).toMatchObject({ ok: false, code });
};
const fails = async (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: AppError) => e,
  );
const roleOf = async (memberId: string) =>
  (await ownerDb().organizationMember.findUniqueOrThrow({ where: { id: memberId } })).role;

describe("memberships and the organization (finding 1)", () => {
  it("an admin can't promote themself to owner, demote the owner, or remove the owner", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN", "MEMBER"] });
    const admin = t.users.ADMIN!;
    const self = await asApp(
      admin,
      t,
      `update public.organization_members set role = 'OWNER' where id = $1`,
      [t.members.ADMIN],
    );
    denied(self);
    expect(self).toMatchObject({ message: expect.stringContaining("raises their own role") });
    denied(
      await asApp(admin, t, `update public.organization_members set role = 'MEMBER' where id = $1`, [
        t.members.OWNER,
      ]),
    );
    denied(await asApp(admin, t, `delete from public.organization_members where id = $1`, [t.members.OWNER]));
    // nor make someone else an owner
    denied(
      await asApp(admin, t, `update public.organization_members set role = 'OWNER' where id = $1`, [
        t.members.MEMBER,
      ]),
    );
    expect([
      await roleOf(t.members.OWNER!),
      await roleOf(t.members.ADMIN!),
      await roleOf(t.members.MEMBER!),
    ]).toEqual(["OWNER", "ADMIN", "MEMBER"]);
    // while what an admin may do still works: a member becomes a viewer
    expect(
      await asApp(admin, t, `update public.organization_members set role = 'VIEWER' where id = $1`, [
        t.members.MEMBER,
      ]),
    ).toEqual({ ok: true, rows: 1 });
  });

  it("a member can't raise their own role even where an update would otherwise pass", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    // A member has no members:manage, so the policy hides every row from the update …
    expect(
      await asApp(t.users.MEMBER!, t, `update public.organization_members set role = 'ADMIN' where id = $1`, [
        t.members.MEMBER,
      ]),
    ).toEqual({ ok: true, rows: 0 });
    // … and through the browser's role there is no UPDATE privilege at all.
    denied(
      await asBrowser(
        t.users.MEMBER!,
        `update public.organization_members set role = 'OWNER' where id = $1`,
        [t.members.MEMBER],
      ),
    );
    expect(await roleOf(t.members.MEMBER!)).toBe("MEMBER");
  });

  it("an admin can't insert anyone as a member — no invitation, no seat check — through either role", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    const outsider = await createUser();
    const insert = `insert into public.organization_members (organization_id, user_id, role, accepted_at)
                    values ($1, $2, 'ADMIN', now())`;
    denied(await asApp(t.users.ADMIN!, t, insert, [t.org.id, outsider.id]));
    denied(await asBrowser(t.users.ADMIN!, insert, [t.org.id, outsider.id]));
    expect(await ownerDb().organizationMember.count({ where: { organizationId: t.org.id } })).toBe(2);
  });

  it("an admin can't change the organization's address (slug) or its creator", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    denied(
      await asApp(t.users.ADMIN!, t, `update public.organizations set slug = $2 where id = $1`, [
        t.org.id,
        `x-${suffix()}`,
      ]),
    );
    denied(
      await asApp(t.users.ADMIN!, t, `update public.organizations set created_by = $2 where id = $1`, [
        t.org.id,
        t.users.ADMIN!.id,
      ]),
    );
    expect((await ownerDb().organization.findUniqueOrThrow({ where: { id: t.org.id } })).slug).toBe(
      t.org.slug,
    );
    // renaming is what admins may do
    expect(
      await asApp(t.users.ADMIN!, t, `update public.organizations set name = 'Renamed' where id = $1`, [
        t.org.id,
      ]),
    ).toEqual({ ok: true, rows: 1 });
  });

  it("service-level role changes keep working for owners (the triggers leave legitimate changes alone)", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    const ctx = await authorizeUser(asCurrentUser(t.users.OWNER!), {
      organization: t.org.slug,
      permission: "members:manage",
    });
    await changeMemberRole(ctx, { organization: t.org.slug, memberId: t.members.ADMIN!, role: "OWNER" });
    expect(await roleOf(t.members.ADMIN!)).toBe("OWNER");
  });
});

describe("the audit log (finding 1)", () => {
  it("a viewer can't append entries — not as 'system' (no actor), not in anyone else's name, not at all", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    const viewer = t.users.VIEWER!;
    const insert = `insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type)
                    values ($1, null, 'member.joined', 'member')`;
    denied(await asBrowser(viewer, insert, [t.org.id]));
    denied(await asApp(viewer, t, insert, [t.org.id]));
    // nor does the service role (the Data API with the server's key): the one writer is the definer function
    const svc = await pool.connect();
    try {
      await svc.query("begin");
      await svc.query("set local role service_role");
      await expect(svc.query(insert, [t.org.id])).rejects.toMatchObject({ code: "42501" });
    } finally {
      await svc.query("rollback");
      svc.release();
    }
    expect(await ownerDb().auditLog.count({ where: { organizationId: t.org.id } })).toBe(0);
  });

  it("the one writer stamps the actor from the JWT and refuses non-members and actorless app calls", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const other = await seedTenant({ roles: ["OWNER"] });
    // The actor argument of recordAudit is only used for the organization: the database stamps the JWT's subject.
    await withTenantContext({ user: t.users.MEMBER!, organization: { id: t.org.id } }, (tx) =>
      recordAudit(
        tx,
        { user: t.users.OWNER!, organization: t.org },
        { action: "contact.created", entityType: "contact" },
      ),
    );
    expect((await ownerDb().auditLog.findFirstOrThrow({ where: { organizationId: t.org.id } })).userId).toBe(
      t.users.MEMBER!.id,
    );
    // A member of another organization can't write into this one's log, even naming it explicitly.
    const cross = `select private.append_audit_many($1::uuid, '[{"action":"contact.created","entityType":"contact"}]')`;
    denied(await asApp(other.users.OWNER!, other, cross, [t.org.id]));
    // Claims without a subject: no "system" entries from the app's role.
    const noActor = await pool.connect();
    try {
      await noActor.query("begin");
      await noActor.query(`select set_config('request.jwt.claims', '{"role":"authenticated"}', true)`);
      await noActor.query("set local role hearth_app");
      await expect(noActor.query(cross, [t.org.id])).rejects.toMatchObject({ code: "42501" });
    } finally {
      await noActor.query("rollback");
      noActor.release();
    }
    // And the browser's role can't call the writer at all.
    denied(await asBrowser(t.users.OWNER!, cross, [t.org.id]));
    expect(await ownerDb().auditLog.count({ where: { organizationId: t.org.id } })).toBe(1);
  });
});

describe("documents (finding 1)", () => {
  async function documentIn(t: TestTenant) {
    const loop = await ownerDb().transactionLoop.create({
      data: { organizationId: t.org.id, propertyAddress: "9 Vault Rd", transactionType: "PURCHASE" },
    });
    const id = randomUUID();
    await ownerDb().transactionDocument.create({
      data: {
        id,
        organizationId: t.org.id,
        loopId: loop.id,
        storagePath: `${t.org.id}/transactions/${loop.id}/${id}`,
        fileName: "offer.pdf",
        sizeBytes: 10,
        sniffedType: "application/pdf",
        keyVersion: 1,
        wrappedKey: Buffer.from([7, 7, 7]),
        sha256: randomBytes(32).toString("hex"),
      },
    });
    return id;
  }
  const row = (id: string) => ownerDb().transactionDocument.findUniqueOrThrow({ where: { id } });

  it("a member can't hard-delete a document row, edit what it points to, or 'delete' it without shredding the key", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const member = t.users.MEMBER!;
    const id = await documentIn(t);
    const before = await row(id);
    denied(await asApp(member, t, `delete from public.transaction_documents where id = $1`, [id]));
    denied(await asBrowser(member, `delete from public.transaction_documents where id = $1`, [id]));
    denied(
      await asApp(member, t, `update public.transaction_documents set file_name = 'swap.pdf' where id = $1`, [
        id,
      ]),
    );
    denied(
      await asApp(member, t, `update public.transaction_documents set sha256 = $2 where id = $1`, [
        id,
        randomBytes(32).toString("hex"),
      ]),
    );
    denied(
      await asApp(member, t, `update public.transaction_documents set deleted_at = now() where id = $1`, [
        id,
      ]),
    );
    denied(
      await asApp(member, t, `update public.transaction_documents set wrapped_key = '\\x00' where id = $1`, [
        id,
      ]),
    );
    expect(await row(id)).toEqual(before);
  });

  it("shredding commits only together with its audit entry", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const member = t.users.MEMBER!;
    const id = await documentIn(t);
    const shred = `update public.transaction_documents set deleted_at = now(), wrapped_key = null where id = $1`;
    const silent = await asApp(member, t, shred, [id]);
    denied(silent);
    expect(silent).toMatchObject({ message: expect.stringContaining("without its audit entry") });
    expect((await row(id)).wrappedKey).not.toBeNull();

    await withTenantContext({ user: member, organization: { id: t.org.id } }, async (tx) => {
      await tx.$executeRawUnsafe(shred, id);
      await recordAudit(
        tx,
        { user: member, organization: t.org },
        {
          action: "document.deleted",
          entityType: "transaction_document",
          entityId: id,
        },
      );
    });
    const after = await row(id);
    expect(after.wrappedKey).toBeNull();
    expect(after.deletedAt).toBeInstanceOf(Date);
    // and a deleted document never comes back
    denied(
      await asApp(member, t, `update public.transaction_documents set deleted_at = null where id = $1`, [id]),
    );
  });

  it("a new document row needs its audit entry in the same transaction", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const loop = await ownerDb().transactionLoop.create({
      data: { organizationId: t.org.id, propertyAddress: "3 Quiet Ln", transactionType: "LISTING" },
    });
    const id = randomUUID();
    const insert = await asApp(
      t.users.MEMBER!,
      t,
      `insert into public.transaction_documents (id, organization_id, loop_id, storage_path, file_name, size_bytes,
         sniffed_type, key_version, wrapped_key, sha256)
       values ($1, $2, $3, $4, 'x.pdf', 1, 'application/pdf', 1, '\\x01', $5)`,
      [id, t.org.id, loop.id, `${t.org.id}/transactions/${loop.id}/${id}`, randomBytes(32).toString("hex")],
    );
    denied(insert);
    expect(await ownerDb().transactionDocument.count({ where: { id } })).toBe(0);
  });
});

describe("assignees and suspended users (finding 1)", () => {
  it("contacts, deals and tasks can only be assigned to the organization's members", async () => {
    const t = await seedTenant({ tier: "GROWTH", roles: ["OWNER", "MEMBER"] });
    const other = await seedTenant({ roles: ["OWNER"] });
    const outsider = other.users.OWNER!;
    const contact = await ownerDb().contact.create({ data: { organizationId: t.org.id, name: "Ada" } });
    const assign = `update public.contacts set assigned_to = $2 where id = $1`;
    denied(await asApp(t.users.MEMBER!, t, assign, [contact.id, outsider.id]), "23503");
    expect(await asApp(t.users.MEMBER!, t, assign, [contact.id, t.users.OWNER!.id])).toEqual({
      ok: true,
      rows: 1,
    });
    // also on insert, and for deals and tasks
    denied(
      await asApp(
        t.users.MEMBER!,
        t,
        `insert into public.deals (organization_id, contact_id, title, assigned_to) values ($1, $2, 'D', $3)`,
        [t.org.id, contact.id, outsider.id],
      ),
      "23503",
    );
    const loop = await ownerDb().transactionLoop.create({
      data: { organizationId: t.org.id, propertyAddress: "1 Elm", transactionType: "LISTING" },
    });
    denied(
      await asApp(
        t.users.MEMBER!,
        t,
        `insert into public.transaction_tasks (organization_id, loop_id, title, assignee_id) values ($1, $2, 'T', $3)`,
        [t.org.id, loop.id, outsider.id],
      ),
      "23503",
    );
    // the service turns it into a field error, not a 500
    const ctx = await authorizeUser(asCurrentUser(t.users.MEMBER!), {
      organization: t.org.slug,
      permission: "contacts:write",
    });
    const fresh = await ownerDb().contact.findUniqueOrThrow({ where: { id: contact.id } });
    const err = await fails(
      updateContact(ctx, {
        organization: t.org.slug,
        id: contact.id,
        version: fresh.version,
        name: "Ada",
        assignedTo: outsider.id,
      }),
    );
    expect(err.code).toBe("VALIDATION");
    expect((await ownerDb().contact.findUniqueOrThrow({ where: { id: contact.id } })).assignedTo).toBe(
      t.users.OWNER!.id,
    );
  });

  it("a suspended user writes nothing and reads nothing, whatever their membership says", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const suspended = await createUser({ globalRole: "SUSPENDED" });
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: suspended.id, role: "OWNER", acceptedAt: new Date() },
    });
    await ownerDb().contact.create({ data: { organizationId: t.org.id, name: "Kept" } });
    denied(
      await asApp(suspended, t, `insert into public.contacts (organization_id, name) values ($1, 'Nope')`, [
        t.org.id,
      ]),
    );
    expect(
      await asApp(suspended, t, `update public.contacts set name = 'Nope' where organization_id = $1`, [
        t.org.id,
      ]),
    ).toEqual({
      ok: true,
      rows: 0,
    });
    expect(
      await asApp(suspended, t, `delete from public.contacts where organization_id = $1`, [t.org.id]),
    ).toEqual({
      ok: true,
      rows: 0,
    });
    const read = await pool.connect();
    try {
      await read.query("begin");
      await read.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: suspended.id, role: "authenticated" }),
      ]);
      await read.query("set local role authenticated");
      const { rows } = await read.query("select count(*)::int as n from public.contacts");
      expect(rows[0].n).toBe(0);
    } finally {
      await read.query("rollback");
      read.release();
    }
    expect(
      (await ownerDb().contact.findMany({ where: { organizationId: t.org.id } })).map((c) => c.name),
    ).toEqual(["Kept"]);
  });
});

describe("refused requests don't flood the log (finding 4)", () => {
  it("150 refused calls write the 1st, 10th and 100th, each with the count so far", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    const viewer = asCurrentUser(t.users.VIEWER!);
    for (let i = 0; i < 150; i++) {
      await fails(authorizeUser(viewer, { organization: t.org.slug, permission: "contacts:write" }));
    }
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "authz.denied" },
      orderBy: { seq: "asc" },
      select: { userId: true, newValues: true },
    });
    expect(entries.map((e) => (e.newValues as { deniedThisHour: number }).deniedThisHour)).toEqual([
      1, 10, 100,
    ]);
    expect(entries.every((e) => e.userId === t.users.VIEWER!.id)).toBe(true);
    // the rest were counted, not lost
    const { rows } = await pool.query(
      `select sum(denials)::int as n from private.authz_denials where organization_id = $1`,
      [t.org.id],
    );
    expect(rows[0].n).toBe(150);
  });
});

describe("invitations and seats (finding 10)", () => {
  const BASE = "http://app.test";
  const tokenOf = (link: string) => link.split("/invite/")[1]!;
  const manage = (user: TestUser, t: TestTenant) =>
    authorizeUser(asCurrentUser(user), {
      organization: t.org.slug,
      permission: "members:manage",
    });

  it("an invitation from an admin who was since removed or demoted no longer grants anything", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    const invitee = await createUser();
    const inv = await inviteMember(
      await manage(t.users.ADMIN!, t),
      {
        organization: t.org.slug,
        email: invitee.email,
        role: "ADMIN",
      },
      BASE,
    );
    await ownerDb().organizationMember.update({ where: { id: t.members.ADMIN! }, data: { role: "MEMBER" } });
    const err = await fails(acceptInvitation(asCurrentUser(invitee), tokenOf(inv.link)));
    expect(err).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("can no longer invite"),
    });
    expect(
      await ownerDb().organizationMember.count({ where: { organizationId: t.org.id, userId: invitee.id } }),
    ).toBe(0);
    // removed altogether: same answer
    await ownerDb().organizationMember.delete({ where: { id: t.members.ADMIN! } });
    expect(await fails(acceptInvitation(asCurrentUser(invitee), tokenOf(inv.link)))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("a downgrade counts pending invitations and says so; an acceptance past the seats is refused", async () => {
    const t = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    const owner = t.users.OWNER!;
    const invitees = [await createUser(), await createUser()];
    const links: string[] = [];
    for (const u of invitees) {
      links.push(
        (
          await inviteMember(
            await manage(owner, t),
            { organization: t.org.slug, email: u.email, role: "MEMBER" },
            BASE,
          )
        ).link,
      );
    }
    const planCtx = await authorizeUser(asCurrentUser(owner), {
      organization: t.org.slug,
      permission: "plan:manage",
    });
    const refused = await fails(changePlan(planCtx, { organization: t.org.slug, tier: "FREE" }));
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect(refused.message).toBe(
      "The Free plan has 2 seats, but you have 1 member and 2 pending invitations. Remove members or withdraw invitations first.",
    );
    // Suppose the plan got smaller anyway (billing ran out): the second acceptance finds no free seat.
    await ownerDb().subscription.update({ where: { organizationId: t.org.id }, data: { tier: "FREE" } });
    await acceptInvitation(asCurrentUser(invitees[0]!), tokenOf(links[0]!));
    const full = await fails(acceptInvitation(asCurrentUser(invitees[1]!), tokenOf(links[1]!)));
    expect(full).toMatchObject({
      code: "UPGRADE_REQUIRED",
      message: expect.stringContaining("no free seats"),
    });
    // and the database refuses it too, whoever asks
    await expect(
      ownerDb().organizationMember.create({
        data: { organizationId: t.org.id, userId: invitees[1]!.id, role: "MEMBER", acceptedAt: new Date() },
      }),
    ).rejects.toThrow(/seats are all taken/);
    expect(
      await ownerDb().organizationMember.count({
        where: { organizationId: t.org.id, acceptedAt: { not: null } },
      }),
    ).toBe(2);
  });
});
