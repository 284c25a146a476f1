// Breaks: the local platform (Auth, Storage, Realtime) under an open dashboard — the stack's platform is stopped
// and started again while Postgres stays up (the stack's drills, tests/support/stack-process.ts), so the feed's
// WebSocket drops and the Realtime change reader loses what is committed meanwhile. The feed is the browser's
// own logic (ActivitySync + LiveChannel over the real realtime-js, signed in as a member). "Nothing lost" means:
// without anyone reconnecting it by hand, the feed resubscribes once the platform is back and backfills every
// entry written while it was down, then keeps receiving live — each entry exactly once, in seq order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { withTenantContext } from "@/lib/database/tenant";
import { subscribe, until, type Subscriber } from "../support/activity-feed";
import { seedTenant, type TestTenant } from "../support/factories";
import { stackDrill } from "../support/stack-process";

const stack = () => ({
  pid: Number(process.env.HEARTH_TEST_STACK_PID),
  stackDir: process.env.HEARTH_TEST_STACK_DIR!,
});

/** One audit entry about the organization (every member may read those), written as its owner. */
async function write(t: TestTenant, action: string) {
  const user = t.users.OWNER!;
  await withTenantContext({ user, organization: { id: t.org.id } }, (tx) =>
    recordAudit(
      tx,
      { user, organization: t.org },
      {
        action,
        entityType: "organization",
        entityId: t.org.id,
        newValues: { name: action },
      },
    ),
  );
}

let t: TestTenant;
let member: Subscriber;
let platformDown = false;

beforeAll(async () => {
  t = await seedTenant({ roles: ["OWNER"] });
  member = await subscribe(t, "MEMBER");
}, 60_000);

afterAll(async () => {
  if (platformDown) await stackDrill(stack(), "start platform"); // never leave the shared stack without it
  await member?.sync.stop();
  member?.client.realtime.disconnect();
});

describe("the platform restarts under an open feed", () => {
  it("reconnects by itself and backfills what was written while it was down, each entry once", async () => {
    await write(t, "task.created");
    await until(() => member.received.length === 1, "the first live entry");

    await stackDrill(stack(), "stop platform");
    platformDown = true;
    await until(() => !member.client.realtime.isConnected(), "the feed noticing the platform is gone");
    for (const action of ["task.updated", "document.uploaded", "loop.updated"]) await write(t, action);

    const subscribedBefore = member.status.filter((s) => s === "SUBSCRIBED").length;
    await stackDrill(stack(), "start platform");
    platformDown = false;
    await until(
      () => member.status.filter((s) => s === "SUBSCRIBED").length > subscribedBefore,
      "the feed resubscribing",
      40_000,
    );
    await until(() => member.received.length >= 4, "the backfill of what was missed", 20_000);

    // Live again after the backfill.
    await write(t, "contact.created");
    await until(() => member.received.length >= 5, "a live entry after the restart", 20_000);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate (live + backfill) would have arrived by now

    expect(member.received.map((e) => e.action)).toEqual([
      "task.created",
      "task.updated",
      "document.uploaded",
      "loop.updated",
      "contact.created",
    ]);
    const seqs = member.received.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });
});
