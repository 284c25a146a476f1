// Suspension is enforced below the app (issue 10 §5): suspending a user bans their Auth user and revokes their
// sessions in the same transaction, so the refresh token is dead at once; the access token they still hold
// verifies until it expires, but the database treats them as a member of nothing — Realtime stops delivering the
// organization's entries, the browser's role reads nothing — and the app says why they're out. Lifting the
// suspension lifts the ban.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { syncUserFromClaims } from "@/lib/auth/current-user";
import { withTenantContext } from "@/lib/database/tenant";
import { PASSWORD, subscribe, until, type Subscriber } from "../support/activity-feed";
import { ownerDb, seedTenant, type TestTenant } from "../support/factories";

let t: TestTenant;
let owner: Subscriber;
let agent: Subscriber;
let db: pg.Client;

async function teamEntry(name: string) {
  await withTenantContext({ user: t.users.OWNER!, organization: { id: t.org.id } }, (tx) =>
    recordAudit(
      tx,
      { user: t.users.OWNER!, organization: t.org },
      {
        action: "organization.updated",
        entityType: "organization",
        entityId: t.org.id,
        newValues: { name },
      },
    ),
  );
}

const userSuspend = (...args: string[]) =>
  spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/user-suspend.ts", ...args], {
    env: process.env,
    encoding: "utf8",
  });

async function claimsOf(s: Subscriber): Promise<Record<string, unknown>> {
  const { data } = await s.client.auth.getClaims();
  return data!.claims as Record<string, unknown>;
}

beforeAll(async () => {
  t = await seedTenant({ roles: ["OWNER"] });
  [owner, agent] = await Promise.all([subscribe(t, "OWNER"), subscribe(t, "MEMBER")]);
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
}, 60_000);

afterAll(async () => {
  for (const s of [owner, agent]) {
    await s?.sync.stop();
    s?.client.realtime.disconnect();
  }
  await db.end();
});

describe("suspending a user", () => {
  it("revokes their sessions, bans them, and cuts them off from Realtime and the Data API at once", async () => {
    await teamEntry("before");
    await until(
      () => agent.received.length === 1 && owner.received.length === 1,
      "the entry before suspension",
    );
    const claims = await claimsOf(agent);
    expect(await syncUserFromClaims(claims)).toMatchObject({ id: agent.user.id, globalRole: "USER" });

    // What platform staff run; the database does the rest in the same transaction.
    const suspend = userSuspend(agent.user.email);
    expect(suspend.status).toBe(0);
    expect(suspend.stdout).toContain("suspended");
    expect((await ownerDb().user.findUniqueOrThrow({ where: { id: agent.user.id } })).globalRole).toBe(
      "SUSPENDED",
    );

    const { rows } = await db.query(
      `select (select count(*)::int from auth.sessions where user_id = $1) as sessions,
              (select banned_until > now() from auth.users where id = $1) as banned`,
      [agent.user.id],
    );
    expect(rows[0]).toEqual({ sessions: 0, banned: true });
    // The refresh token no longer works …
    const refreshed = await agent.client.auth.refreshSession();
    expect(refreshed.error).not.toBeNull();
    // … and neither does the password.
    const again = await agent.client.auth.signInWithPassword({ email: agent.user.email, password: PASSWORD });
    expect(again.error?.code).toBe("user_banned");

    // The access token still verifies, but Realtime delivers nothing more to it (the owner is the control).
    await teamEntry("after");
    await until(() => owner.received.length === 2, "the owner's delivery");
    await new Promise((r) => setTimeout(r, 500));
    expect(agent.received.map((e) => e.seq)).toEqual([owner.received[0]!.seq]);

    // What the Data API would answer their JWT: nothing of the organization.
    await db.query("begin");
    try {
      await db.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
      await db.query("set local role authenticated");
      const seen = await db.query(
        `select (select count(*)::int from public.organizations) as orgs,
                (select count(*)::int from public.transaction_audit_logs) as entries,
                (select count(*)::int from public.organization_members) as members`,
      );
      expect(seen.rows[0]).toEqual({ orgs: 0, entries: 0, members: 0 });
    } finally {
      await db.query("rollback");
    }

    // The app recognizes the dead session as a suspension (to say so), not as a signed-out visitor.
    expect(await syncUserFromClaims(claims)).toMatchObject({ id: agent.user.id, globalRole: "SUSPENDED" });
  });

  it("lifting the suspension lifts the ban", async () => {
    expect(userSuspend(agent.user.email, "--lift").status).toBe(0);
    expect((await ownerDb().user.findUniqueOrThrow({ where: { id: agent.user.id } })).globalRole).toBe(
      "USER",
    );
    const { rows } = await db.query(`select banned_until from auth.users where id = $1`, [agent.user.id]);
    expect(rows[0].banned_until).toBeNull();
    const back = await agent.client.auth.signInWithPassword({ email: agent.user.email, password: PASSWORD });
    expect(back.error).toBeNull();
  });
});
