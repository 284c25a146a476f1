// Live loops over Supabase Realtime with the official client and real sessions: a teammate's changes to a loop —
// a task added and deleted, a key date, a participant, the loop's status — reach every member with the loop open. A
// member of another organization subscribing to the same loop receives no row: no insert or update at all, and —
// as on Supabase, where RLS can't be checked for a row that no longer exists — a DELETE only as its key.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoopSync, type LoopChange } from "@/lib/modules/transactions/client";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addTask, deleteTask } from "@/lib/modules/transactions/services/tasks";
import { signedInMember, until } from "../../support/activity-feed";
import { ownerDb, seedTenant, type TestTenant, type TestUser } from "../../support/factories";
import { ctxFor } from "./support/helpers";

interface Watcher {
  user: TestUser;
  client: SupabaseClient;
  sync: LoopSync;
  refreshes: LoopChange[][];
  deletes: Array<Record<string, unknown>>;
  status: string[];
}

let A: TestTenant;
let B: TestTenant;
let loopId: string;
const watchers: Watcher[] = [];

async function watch(tenant: TestTenant, role: "MEMBER" | "VIEWER"): Promise<Watcher> {
  const { user, client } = await signedInMember(tenant, role);
  const w: Partial<Watcher> = { user, client, refreshes: [], deletes: [], status: [] };
  w.sync = new LoopSync({
    supabase: client,
    loopId,
    debounceMs: 50,
    onRefresh: (changes) => w.refreshes!.push(changes),
    onStatus: (s) => w.status!.push(s),
  });
  // A second, raw subscription to see what a DELETE carries.
  client
    .channel(`raw-${randomUUID()}`)
    .on(
      "postgres_changes",
      { event: "DELETE", schema: "public", table: "transaction_tasks", filter: `loop_id=eq.${loopId}` },
      (p) => w.deletes!.push(p.old as Record<string, unknown>),
    )
    .subscribe();
  void w.sync.start();
  await until(() => w.status!.includes("SUBSCRIBED"), `subscription of ${user.email}`);
  watchers.push(w as Watcher);
  return w as Watcher;
}

const changesOf = (w: Watcher) => w.refreshes.flat();

beforeAll(async () => {
  A = await seedTenant({ roles: ["OWNER"] });
  B = await seedTenant({ roles: ["OWNER"] });
  ({ id: loopId } = await createLoop(await ctxFor(A.users.OWNER!, A.org.slug), {
    organization: A.org.slug,
    propertyAddress: "7 Live Lane",
    transactionType: "PURCHASE",
  }));
}, 60_000);

afterAll(async () => {
  for (const w of watchers) {
    await w.sync.stop();
    w.client.realtime.disconnect();
  }
});

describe("a loop open in two browsers", () => {
  it("shows a teammate's added and deleted task to everyone with the loop open, and nothing to another organization", async () => {
    const member = await watch(A, "MEMBER");
    const viewer = await watch(A, "VIEWER");
    const outsider = await watch(B, "MEMBER");
    await new Promise((r) => setTimeout(r, 300)); // all three raw DELETE channels joined too

    const ctx = await ctxFor(A.users.OWNER!, A.org.slug);
    const { task } = await addTask(ctx, { organization: A.org.slug, loopId, title: "Order the survey" });
    for (const w of [member, viewer])
      await until(
        () => changesOf(w).some((c) => c.table === "transaction_tasks" && c.type === "INSERT"),
        "the insert",
      );

    await deleteTask(ctx, { organization: A.org.slug, taskId: task.id });
    for (const w of [member, viewer]) {
      await until(
        () => changesOf(w).some((c) => c.table === "transaction_tasks" && c.type === "DELETE"),
        "the delete",
      );
      // Under RLS a DELETE carries only the deleted row's key.
      await until(() => w.deletes.length === 1, "the raw delete");
      expect(w.deletes[0]).toEqual({ id: task.id });
    }

    await new Promise((r) => setTimeout(r, 400));
    expect(changesOf(outsider).filter((c) => c.type !== "DELETE")).toEqual([]);
    expect(outsider.deletes.every((old) => JSON.stringify(Object.keys(old)) === '["id"]')).toBe(true);
  });

  it("refreshes for documents, key dates and participants too, and for the loop itself", async () => {
    const member = watchers[0]!;
    const before = changesOf(member).length;
    const db = ownerDb();
    // Written as the owner's service would (the services of these records are tested on their own).
    const loop = await db.transactionLoop.findUniqueOrThrow({ where: { id: loopId } });
    await db.loopKeyDate.create({
      data: { organizationId: loop.organizationId, loopId, kind: "CUSTOM", label: "HOA documents due" },
    });
    const contact = await db.contact.create({
      data: { organizationId: loop.organizationId, name: "Lena Lender" },
    });
    await db.loopParticipant.create({
      data: { organizationId: loop.organizationId, loopId, role: "LENDER", contactId: contact.id },
    });
    await db.transactionLoop.update({ where: { id: loopId }, data: { status: "ACTIVE" } });
    await until(() => {
      const tables = new Set(
        changesOf(member)
          .slice(before)
          .map((c) => c.table),
      );
      return ["loop_key_dates", "loop_participants", "transaction_loops"].every((t) => tables.has(t));
    }, "key date, participant and loop changes");
  });
});
