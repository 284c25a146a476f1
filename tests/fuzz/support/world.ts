// The world the fuzzed services act on: two tenants with a loop made from its template (tasks, key dates, slots, the
// creator as participant), a contact, a deal, a document in a slot, a notification and an invitation each — so
// plausible inputs name real records, of this tenant and of the other. And what must hold afterwards, whatever the
// inputs were: no stored text with control characters, nothing of the other tenant changed, no record of this
// tenant attributed to someone outside it, the members' roles untouched (unless the service is about them), and
// every audit chain intact.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { authorizeUser, type AuthContext } from "@/lib/auth/authorize";
import type { Permission } from "@/lib/auth/permissions";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
import { pdfBytes } from "../../../scripts/lib/sample-files";
import { newLoop, upload } from "../../integration/transactions/support/documents";
import { asCurrentUser, ownerDb, seedTenant, type TestTenant } from "../../support/factories";
import type { World } from "./hostile";

export interface Tenant {
  t: TestTenant;
  ids: Record<string, string[]>;
}

async function furnish(t: TestTenant): Promise<Tenant> {
  const db = ownerDb();
  const owner = t.users.OWNER!;
  const org = t.org.id;
  const loopId = await newLoop(owner, t.org.slug);
  const slots = await db.loopDocumentSlot.findMany({ where: { loopId }, select: { id: true } });
  const doc = await upload(owner, t.org.slug, loopId, pdfBytes(), { name: "Offer.pdf", slot: slots[0]!.id });
  expect(doc.res.status).toBe(201);
  const contact = await db.contact.create({
    data: { organizationId: org, name: "Fuzz Contact", createdBy: owner.id },
  });
  const deal = await db.deal.create({
    data: { organizationId: org, contactId: contact.id, title: "Fuzz deal", createdBy: owner.id },
  });
  const pick = async (rows: Promise<Array<{ id: string }>>) => (await rows).map((r) => r.id);
  const template = await db.checklistTemplate.findMany({
    where: { organizationId: org },
    select: { id: true },
  });
  const members = await db.organizationMember.findMany({
    where: { organizationId: org },
    select: { id: true, userId: true },
  });
  const invitation = await db.invitation.create({
    data: {
      organizationId: org,
      email: `invitee-${t.org.slug}@example.test`,
      role: "MEMBER",
      tokenHash: createHash("sha256").update(t.org.slug).digest("hex"),
      invitedBy: owner.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
  const notification = await db.notification.create({
    data: {
      organizationId: org,
      userId: owner.id,
      kind: "REVIEW_REQUESTED",
      title: "Fuzz",
      link: `/${t.org.slug}`,
    },
    select: { id: true },
  });
  const userIds = members.map((m) => m.userId);
  return {
    t,
    ids: {
      loop: [loopId],
      slot: slots.map((s) => s.id),
      document: [doc.json.document!.id],
      task: await pick(db.transactionTask.findMany({ where: { loopId }, select: { id: true } })),
      keyDate: await pick(db.loopKeyDate.findMany({ where: { loopId }, select: { id: true } })),
      participant: await pick(db.loopParticipant.findMany({ where: { loopId }, select: { id: true } })),
      template: template.map((x) => x.id),
      item: await pick(
        db.checklistTemplateItem.findMany({ where: { organizationId: org }, select: { id: true }, take: 6 }),
      ),
      contact: [contact.id],
      deal: [deal.id],
      member: members.map((m) => m.id),
      user: userIds,
      assignee: userIds,
      invitation: [invitation.id],
      notification: [notification.id],
    },
  };
}

export async function makeWorld(): Promise<{ mine: Tenant; theirs: Tenant; world: World }> {
  const mine = await furnish(
    await seedTenant({ tier: "ELITE", roles: ["OWNER", "ADMIN", "MEMBER", "VIEWER"] }),
  );
  const theirs = await furnish(await seedTenant({ tier: "ELITE", roles: ["OWNER"] }));
  const ids: Record<string, string[]> = {};
  for (const [kind, list] of Object.entries(mine.ids))
    ids[kind] = [...list, ...(theirs.ids[kind] ?? []).slice(0, 1)];
  return {
    mine,
    theirs,
    world: { organization: mine.t.org.slug, otherOrganization: theirs.t.org.slug, ids },
  };
}

/**
 * An owner's context for a permission — whoever owns the organization now: a fuzzed role change may have handed it
 * to another member.
 */
export async function ownerCtx(tenant: Tenant, permission: Permission): Promise<AuthContext> {
  const owner = await ownerDb().organizationMember.findFirstOrThrow({
    where: { organizationId: tenant.t.org.id, role: "OWNER", acceptedAt: { not: null } },
    select: { user: { select: { id: true, email: true, name: true, globalRole: true } } },
    orderBy: { createdAt: "asc" },
  });
  return authorizeUser(asCurrentUser({ ...owner.user, name: owner.user.name ?? "Owner" }), {
    organization: tenant.t.org.slug,
    permission,
  });
}

/** Text columns users write, and whether a line break is allowed in them. */
const TEXT_COLUMNS: Array<[table: string, column: string, multiline: boolean]> = [
  ["contacts", "name", false],
  ["contacts", "email", false],
  ["contacts", "phone", false],
  ["contacts", "company", false],
  ["contacts", "source", false],
  ["contacts", "notes", true],
  ["deals", "title", false],
  ["transaction_loops", "property_address", false],
  ["transaction_tasks", "title", false],
  ["loop_key_dates", "label", false],
  ["loop_document_slots", "title", false],
  ["checklist_template_items", "title", false],
  ["transaction_documents", "review_note", true],
  ["organizations", "name", false],
];

/** A fingerprint of everything a tenant holds (rows of its tables, hashed). */
async function fingerprint(organizationId: string): Promise<string> {
  const tables = [
    "contacts",
    "deals",
    "transaction_loops",
    "transaction_tasks",
    "transaction_documents",
    "loop_participants",
    "loop_key_dates",
    "loop_document_slots",
    "checklist_template_items",
    "organization_members",
    "invitations",
    "notifications",
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const [row] = await ownerDb().$queryRawUnsafe<Array<{ h: string | null }>>(
      `select md5(string_agg(t::text, ',' order by t::text)) as h from public.${table} t where organization_id = $1::uuid`,
      organizationId,
    );
    parts.push(`${table}:${row?.h ?? "-"}`);
  }
  return parts.join(" ");
}

export interface Snapshot {
  theirs: string;
  roles: string;
}

export async function snapshot(mine: Tenant, theirs: Tenant): Promise<Snapshot> {
  const roles = await ownerDb().organizationMember.findMany({
    where: { organizationId: mine.t.org.id },
    select: { userId: true, role: true },
    orderBy: { userId: "asc" },
  });
  return { theirs: await fingerprint(theirs.t.org.id), roles: JSON.stringify(roles) };
}

/** What must hold after any inputs. `rolesMayChange` for the services that change memberships. */
export async function expectNothingBroken(
  before: Snapshot,
  mine: Tenant,
  theirs: Tenant,
  opts: { rolesMayChange?: boolean } = {},
) {
  const db = ownerDb();
  for (const [table, column, multiline] of TEXT_COLUMNS) {
    const pattern = multiline ? "[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]" : "[\\x01-\\x1f\\x7f]";
    const [bad] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `select count(*) as n from public.${table}
        where ${table === "organizations" ? "id" : "organization_id"} in ($1::uuid, $2::uuid) and ${column} ~ $3`,
      mine.t.org.id,
      theirs.t.org.id,
      pattern,
    );
    expect(Number(bad!.n), `${table}.${column} holds control characters`).toBe(0);
  }
  expect(await fingerprint(theirs.t.org.id), "the other tenant's data changed").toBe(before.theirs);
  const outsiders = [...theirs.ids.user!];
  for (const [table, column] of [
    ["contacts", "created_by"],
    ["deals", "created_by"],
    ["transaction_loops", "created_by"],
    ["transaction_documents", "uploaded_by"],
    ["loop_participants", "created_by"],
  ] as const) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `select count(*) as n from public.${table} where organization_id = $1::uuid and ${column} = any($2::uuid[])`,
      mine.t.org.id,
      outsiders,
    );
    expect(Number(row!.n), `${table}.${column} names someone outside the organization`).toBe(0);
  }
  if (!opts.rolesMayChange)
    expect((await snapshot(mine, theirs)).roles, "a member's role changed").toBe(before.roles);
  // Only these tenants' chains: other test files write theirs meanwhile.
  for (const tenant of [mine, theirs]) {
    const chains = await verifyAuditChains(db, { organizationId: tenant.t.org.id });
    expect(chains.problems).toEqual([]);
  }
}
