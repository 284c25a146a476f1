// The live activity feed over Supabase Realtime with the official client and real user sessions: a change in
// organization A reaches both of A's members and never B's; a rolled-back change reaches nobody; after a
// forced disconnect, entries written meanwhile are backfilled exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { withTenantContext } from "@/lib/database/tenant";
import type { ActivityEntry } from "@/lib/modules/activity/schemas";
import { currentSeq, subscribe, until, type Subscriber } from "../../support/activity-feed";
import { seedTenant, type TestTenant, type TestUser } from "../../support/factories";

async function write(t: TestTenant, user: TestUser, action: string, opts: { rollback?: boolean } = {}) {
  const run = withTenantContext({ user, organization: { id: t.org.id } }, async (tx) => {
    await recordAudit(
      tx,
      { user, organization: t.org },
      // about the organization itself, which every member may read (entries about records need the record)
      { action, entityType: "organization", entityId: t.org.id, newValues: { name: action } },
    );
    if (opts.rollback) throw new Error("roll back");
  });
  if (opts.rollback) await expect(run).rejects.toThrow("roll back");
  else await run;
}

let A: TestTenant;
let B: TestTenant;
let a1: Subscriber;
let a2: Subscriber;
let b1: Subscriber;

beforeAll(async () => {
  A = await seedTenant({ roles: ["OWNER"] });
  B = await seedTenant({ roles: ["OWNER"] });
  [a1, a2, b1] = await Promise.all([subscribe(A, "MEMBER"), subscribe(A, "MEMBER"), subscribe(B, "MEMBER")]);
}, 60_000);

afterAll(async () => {
  for (const s of [a1, a2, b1]) {
    await s?.sync.stop();
    s?.client.realtime.disconnect();
  }
});

describe("live activity feed", () => {
  it("delivers a change in A to both of A's members and never to B", async () => {
    await write(A, A.users.OWNER!, "contact.created");
    await until(() => a1.received.length === 1 && a2.received.length === 1, "delivery to A's members");
    expect(a1.received[0]).toMatchObject({ action: "contact.created", seq: await currentSeq(A) });
    // B's member is subscribed to B; a change in B reaches it (so silence below means filtering, not a dead socket).
    await write(B, B.users.OWNER!, "contact.updated");
    await until(() => b1.received.length === 1, "delivery to B's member");
    expect(b1.received.map((e) => e.action)).toEqual(["contact.updated"]);
    expect(a1.received.map((e) => e.action)).toEqual(["contact.created"]);
  });

  it("delivers nothing from a rolled-back transaction", async () => {
    const before = [a1.received.length, a2.received.length];
    await write(A, A.users.OWNER!, "contact.created", { rollback: true });
    await write(A, A.users.OWNER!, "contact.updated"); // a committed marker after it
    await until(
      () => a1.received.length === before[0]! + 1 && a2.received.length === before[1]! + 1,
      "the marker",
    );
    expect(a1.received.at(-1)!.action).toBe("contact.updated");
    expect(a1.received.filter((e) => e.action === "contact.created")).toHaveLength(1); // the first test's only
  });

  it("a subscriber of another organization can't join A's feed through the filter", async () => {
    const spy: ActivityEntry[] = [];
    const channel = b1.client.channel(`spy-${Date.now()}`).on(
      "postgres_changes",
      {
        event: "INSERT",
        schema: "public",
        table: "transaction_audit_logs",
        filter: `organization_id=eq.${A.org.id}`,
      },
      (p) => spy.push(p.new as ActivityEntry),
    );
    const subscribed = new Promise<void>((resolve) =>
      channel.subscribe((s) => s === "SUBSCRIBED" && resolve()),
    );
    await subscribed;
    await write(A, A.users.OWNER!, "deal.created");
    await until(() => a1.received.some((e) => e.action === "deal.created"), "A's delivery");
    await new Promise((r) => setTimeout(r, 300));
    expect(spy).toEqual([]);
    await b1.client.removeChannel(channel);
  });

  it("backfills everything written during a forced disconnect exactly once, in order", async () => {
    const start = a1.received.length;
    a1.client.realtime.disconnect();
    await until(() => !a1.client.realtime.isConnected(), "disconnect");
    for (const action of ["task.created", "task.updated", "document.uploaded"])
      await write(A, A.users.OWNER!, action);
    await until(() => a2.received.some((e) => e.action === "document.uploaded"), "the connected member");
    expect(a1.received.length).toBe(start);

    a1.client.realtime.connect();
    await until(() => a1.received.length >= start + 3, "backfill after reconnect", 20_000);
    await new Promise((r) => setTimeout(r, 500)); // any duplicate would arrive by now
    const got = a1.received.slice(start);
    expect(got.map((e) => e.action)).toEqual(["task.created", "task.updated", "document.uploaded"]);
    const seqs = a1.received.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });
});
