// Who reads what of the audit log (issue 10 §3): owners and admins read every entry; members and viewers read the
// team's activity but not what they can't read elsewhere — an invitation's address, a deleted contact's details
// (its deletion, and its history once it is gone), refused requests. One rule (the entry's audience, stamped by the database) applies to the app's feed queries,
// to the browser's role (what the Data API would return) and to Realtime, which checks each row with the
// subscriber's own JWT. The viewer's live feed doesn't stall on the entries it may not see.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { listActivity, listActivitySince } from "@/lib/modules/activity/queries/feed";
import { createContact, deleteContact } from "@/lib/modules/crm/services/contacts";
import { inviteMember } from "@/lib/modules/organizations/services/members";
import { currentChainSeq, currentSeq, subscribe, until, type Subscriber } from "../support/activity-feed";
import { asCurrentUser, ownerDb, seedTenant, suffix, type TestTenant } from "../support/factories";

let t: TestTenant;
let owner: Subscriber;
let viewer: Subscriber;
const secretEmail = `secret-invitee-${suffix()}@example.test`;
const secretNotes = `notes nobody else should read ${suffix()}`;

beforeAll(async () => {
  t = await seedTenant({ roles: ["OWNER"] });
  [owner, viewer] = await Promise.all([subscribe(t, "OWNER"), subscribe(t, "VIEWER")]);
}, 60_000);

afterAll(async () => {
  for (const s of [owner, viewer]) {
    await s?.sync.stop();
    s?.client.realtime.disconnect();
  }
});

describe("the audit log by role", () => {
  it("a viewer receives the team's activity, live and in backfill, but never invitations, deletions or refusals", async () => {
    const start = await currentSeq(t); // append numbers: later entries have higher ones
    const startChain = await currentChainSeq(t); // the chain position the backfills below start after
    const ctx = (permission: "contacts:write" | "members:manage") =>
      authorizeUser(asCurrentUser(t.users.OWNER!), {
        organization: t.org.slug,
        permission,
      });
    const doomed = await createContact(await ctx("contacts:write"), {
      organization: t.org.slug,
      name: "Doomed Contact",
      email: `doomed-${suffix()}@example.test`,
      notes: secretNotes,
    });
    // Realtime checks each change against the subscriber's rights when it delivers it: let the creation reach the
    // viewer while the contact still exists (after the deletion below, its history is no longer theirs to read).
    await until(() => viewer.received.length === 1, "the viewer's first entry");
    await inviteMember(
      await ctx("members:manage"),
      { organization: t.org.slug, email: secretEmail, role: "MEMBER" },
      "http://app.test",
    );
    await deleteContact(await ctx("contacts:write"), { organization: t.org.slug, id: doomed.id });
    // a refused request by the viewer
    await expect(
      authorizeUser(asCurrentUser(viewer.user), {
        organization: t.org.slug,
        permission: "contacts:write",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await createContact(await ctx("contacts:write"), { organization: t.org.slug, name: "Kept Contact" });
    expect(await ownerDb().auditLog.count({ where: { organizationId: t.org.id, seq: { gt: start } } })).toBe(
      5,
    );
    const end = await currentChainSeq(t); // sealed now, as the app's sealer would within its window
    expect(end - startChain).toBe(5);

    // The owner sees all five, live.
    await until(() => owner.received.length >= 5, "the owner's five entries");
    expect(owner.received.map((e) => e.action)).toEqual([
      "contact.created",
      "member.invited",
      "contact.deleted",
      "authz.denied",
      "contact.created",
    ]);
    // The viewer sees the two creations, live, and has caught up to the newest entry (no stall on the gaps).
    viewer.sync.wake();
    await until(
      () => viewer.received.length >= 2 && viewer.sync.sealedThrough === end,
      "the viewer's two entries",
    );
    await new Promise((r) => setTimeout(r, 300)); // anything else would have arrived by now
    expect(viewer.received.map((e) => e.action)).toEqual(["contact.created", "contact.created"]);
    expect(JSON.stringify(viewer.received)).not.toContain(secretEmail);

    // The same rule in the app's queries — and now that the first contact is deleted, its history is gone for the
    // viewer too (it carried the contact's notes) …
    const viewerCtx = await authorizeUser(asCurrentUser(viewer.user), {
      organization: t.org.slug,
      permission: "activity:read",
    });
    const backfill = await listActivitySince(viewerCtx, startChain);
    expect(backfill.map((e) => [e.action, e.entityLabel])).toEqual([["contact.created", "Kept Contact"]]);
    const page = await listActivity(viewerCtx);
    expect(JSON.stringify(page)).not.toContain(secretEmail);
    expect(JSON.stringify(page)).not.toContain(secretNotes);
    expect(page.some((e) => e.action === "contact.deleted" || e.action === "authz.denied")).toBe(false);
    // … and for the browser's role, as the Data API would answer the viewer's JWT.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: viewer.user.id, role: "authenticated" }),
      ]);
      await client.query("set local role authenticated");
      const { rows } = await client.query<{ action: string; body: string }>(
        `select action, coalesce(old_values::text, '') || coalesce(new_values::text, '') as body
           from public.transaction_audit_logs where organization_id = $1 and seq > $2 order by seq`,
        [t.org.id, start],
      );
      expect(rows.map((r) => r.action)).toEqual(["contact.created"]);
      expect(rows.map((r) => r.body).join()).not.toContain(secretEmail);
      expect(rows.map((r) => r.body).join()).not.toContain(secretNotes);
    } finally {
      await client.query("rollback");
      await client.end();
    }
    // The deleted contact's notes are in the log — for owners and admins.
    const ownerCtx = await authorizeUser(asCurrentUser(owner.user), {
      organization: t.org.slug,
      permission: "audit:read",
    });
    const full = await listActivitySince(ownerCtx, startChain);
    expect(full.map((e) => e.action)).toEqual(owner.received.map((e) => e.action));
    expect(JSON.stringify(full.find((e) => e.action === "contact.created"))).toContain(secretNotes);
    expect(JSON.stringify(full.find((e) => e.action === "member.invited"))).toContain(secretEmail);
    expect(
      await ownerDb().auditLog.count({
        where: { organizationId: t.org.id, seq: { gt: start }, audience: "team" },
      }),
    ).toBe(2);
  });
});
