// The transactions workflow's tables over Supabase Realtime, attacked from a browser: a member of another
// organization subscribes with their own JWT to every change of every table — no filter, as a hostile client would —
// while a team works a loop: creates it from its template (loop, tasks, key dates, slots, the creator as a
// participant), uploads a document, notifies a teammate, then deletes a task, a participant, a slot and a key date.
// The team's member receives the rows; the outsider receives no row — no INSERT or UPDATE at all, and a DELETE
// (which, on Supabase as here, RLS can't check for a row that no longer exists) as nothing but the deleted row's
// primary key. A teammate doesn't receive another member's notification. Templates and notification preferences
// aren't published for Realtime: subscribing to them is refused.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { notify } from "@/lib/modules/notifications/services/notify";
import { addParticipant, removeParticipant } from "@/lib/modules/transactions/services/participants";
import { deleteTask } from "@/lib/modules/transactions/services/tasks";
import { removeSlot } from "@/lib/modules/documents/services/slots";
import { removeKeyDate, saveKeyDate } from "@/lib/modules/transactions/services/key-dates";
import { signedInMember, until } from "../support/activity-feed";
import { ownerDb, seedTenant, type TestTenant, type TestUser } from "../support/factories";
import { ctxFor } from "../integration/transactions/support/helpers";
import { newLoop, upload } from "../integration/transactions/support/documents";
import { pdfBytes } from "../../scripts/lib/sample-files";

const TABLES = [
  "transaction_loops",
  "transaction_tasks",
  "transaction_documents",
  "loop_participants",
  "loop_key_dates",
  "loop_document_slots",
  "notifications",
] as const;
/** Not published for Realtime at all: a subscription to them is refused. */
const UNPUBLISHED = ["checklist_templates", "checklist_template_items", "notification_preferences"] as const;
/** Each table's primary key: all a DELETE may carry to a subscriber RLS can't vouch for. */
const PRIMARY_KEY: Record<(typeof TABLES)[number], string[]> = {
  transaction_loops: ["id"],
  transaction_tasks: ["id"],
  transaction_documents: ["id"],
  loop_participants: ["id"],
  loop_key_dates: ["id"],
  loop_document_slots: ["id"],
  notifications: ["id"],
};

interface Received {
  table: (typeof TABLES)[number];
  type: string;
  row: Record<string, unknown>;
}
interface Listener {
  user: TestUser;
  client: SupabaseClient;
  received: Received[];
}

let A: TestTenant;
let B: TestTenant;
const listeners: Listener[] = [];

async function listen(tenant: TestTenant, role: "MEMBER"): Promise<Listener> {
  const { user, client } = await signedInMember(tenant, role);
  const l: Listener = { user, client, received: [] };
  const { data } = await client.auth.getSession();
  await client.realtime.setAuth(data.session!.access_token);
  let channel = client.channel(`attack-${user.id}`);
  for (const table of TABLES) {
    channel = channel.on("postgres_changes", { event: "*", schema: "public", table }, (p) =>
      l.received.push({
        table,
        type: p.eventType,
        row: (p.eventType === "DELETE" ? p.old : p.new) as Record<string, unknown>,
      }),
    );
  }
  let status = "";
  channel.subscribe((s) => (status = s));
  await until(() => status === "SUBSCRIBED", `the subscription of ${user.email}`);
  listeners.push(l);
  return l;
}

beforeAll(async () => {
  A = await seedTenant({ roles: ["OWNER"] });
  B = await seedTenant({ roles: ["OWNER"] });
}, 60_000);

afterAll(async () => {
  for (const l of listeners) {
    await l.client.removeAllChannels();
    l.client.realtime.disconnect();
  }
});

describe("the transactions tables over Realtime", () => {
  it("deliver a team's loop work to its members and no row of it to another organization", async () => {
    const insider = await listen(A, "MEMBER");
    const teammate = await listen(A, "MEMBER");
    const outsider = await listen(B, "MEMBER");
    const owner = A.users.OWNER!;
    const org = A.org.slug;
    const ctx = await ctxFor(owner, org);
    const db = ownerDb();

    // The work: a loop from its template, people, a key date, a document, a notification for the insider; then
    // deletions.
    const loopId = await newLoop(owner, org);
    const lender = await addParticipant(ctx, {
      organization: org,
      loopId,
      role: "LENDER",
      kind: "newContact",
      name: "Lena Lender",
    });
    const hoa = await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "CUSTOM",
      label: "HOA documents due",
      date: "2027-02-01",
    });
    const slots = await db.loopDocumentSlot.findMany({ where: { loopId }, orderBy: { sortOrder: "asc" } });
    const doc = await upload(owner, org, loopId, pdfBytes(), { name: "Offer.pdf", slot: slots[0]!.id });
    expect(doc.res.status).toBe(201);
    await withTenantContext(ctx, (tx) =>
      notify(tx, ctx, {
        userIds: [insider.user.id],
        kind: "REVIEW_REQUESTED",
        title: "Review requested: 9 Quay Street",
        link: `/${org}/transactions/${loopId}`,
      }),
    );
    const task = await db.transactionTask.findFirstOrThrow({ where: { loopId } });
    await deleteTask(ctx, { organization: org, taskId: task.id });
    await removeParticipant(ctx, { organization: org, participantId: lender.id });
    await removeSlot(await ctxFor(owner, org, "documents:write"), {
      organization: org,
      slotId: slots.at(-1)!.id,
    });
    await removeKeyDate(ctx, { organization: org, keyDateId: hoa.keyDate.id! });

    // The insider receives every table's rows, its own notification included.
    await until(
      () => TABLES.every((t) => insider.received.some((r) => r.table === t && r.type !== "DELETE")),
      "a row of every table for the insider",
    ).catch((err: Error) => {
      const seen = new Set(insider.received.map((r) => r.table));
      throw new Error(`${err.message}; none from ${TABLES.filter((t) => !seen.has(t)).join(", ")}`);
    });
    await until(
      () =>
        ["transaction_tasks", "loop_participants", "loop_document_slots", "loop_key_dates"].every((t) =>
          insider.received.some((r) => r.table === t && r.type === "DELETE"),
        ),
      "the insider's deletes",
    );
    const last = await db.notification.findFirstOrThrow({ where: { userId: insider.user.id } });
    await new Promise((r) => setTimeout(r, 500)); // anything else still on its way

    // The teammate: the team's work, but not the insider's notification.
    expect(teammate.received.some((r) => r.table === "transaction_tasks")).toBe(true);
    expect(teammate.received.filter((r) => r.table === "notifications")).toEqual([]);
    expect(insider.received.find((r) => r.table === "notifications")?.row.id).toBe(last.id);

    // The outsider: no row at all; a DELETE is only its primary key.
    expect(outsider.received.filter((r) => r.type !== "DELETE")).toEqual([]);
    for (const r of outsider.received) expect(Object.keys(r.row).sort()).toEqual(PRIMARY_KEY[r.table]);
  });

  it("refuse a subscription to the tables that aren't published: templates and notification preferences", async () => {
    const { user, client } = await signedInMember(A, "MEMBER");
    listeners.push({ user, client, received: [] });
    const { data } = await client.auth.getSession();
    await client.realtime.setAuth(data.session!.access_token);
    for (const table of UNPUBLISHED) {
      // As Realtime does: the join is answered, then a system message refuses the changes.
      let refusal = "";
      client
        .channel(`unpublished-${table}`)
        .on("postgres_changes", { event: "*", schema: "public", table }, () => undefined)
        .on("system", {}, (p: { status?: string; message?: string }) => {
          if (p.status === "error") refusal = p.message ?? "error";
        })
        .subscribe();
      await until(() => refusal !== "", `the refusal of ${table}`);
      expect(refusal).toContain(`table: ${table}`);
    }
  });
});
