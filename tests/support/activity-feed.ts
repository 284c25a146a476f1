// Signed-in members of a test organization with their own official Supabase client, and the live activity feed
// (ActivitySync over Realtime + backfill through the feed service) as each of them sees it.
import type { SupabaseClient } from "@supabase/supabase-js";
import { recordAudit, type AuditEntry } from "@/lib/audit/record";
import { authorizeUser } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import type { ActivityEntry } from "@/lib/modules/activity/schemas";
import { listActivitySince } from "@/lib/modules/activity/queries/feed";
import { ActivitySync } from "@/lib/modules/activity/client";
import { sealAuditChains } from "@/lib/modules/activity/services/seal-chain";
import { asCurrentUser, ownerDb, type TestTenant, type TestUser } from "./factories";
import { anonClient, serviceClient, uniqueEmail } from "./supabase";

export const PASSWORD = "feed-test-password";

export interface Subscriber {
  user: TestUser;
  tenant: TestTenant;
  client: SupabaseClient;
  sync: ActivitySync<ActivityEntry>;
  received: ActivityEntry[];
  status: string[];
}

export async function signedInMember(
  tenant: TestTenant,
  role: OrgRole,
): Promise<{ user: TestUser; client: SupabaseClient }> {
  const email = uniqueEmail("feed");
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
  });
  if (error) throw error;
  const user: TestUser = { id: data.user!.id, email, name: `Feed ${email.slice(5, 10)}`, globalRole: "USER" };
  await ownerDb().user.create({ data: user });
  await ownerDb().organizationMember.create({
    data: { organizationId: tenant.org.id, userId: user.id, role, acceptedAt: new Date() },
  });
  const client = anonClient();
  const signIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (signIn.error) throw signIn.error;
  return { user, client };
}

export async function subscribe(tenant: TestTenant, role: OrgRole): Promise<Subscriber> {
  const { user, client } = await signedInMember(tenant, role);
  const ctx = await authorizeUser(asCurrentUser(user), {
    organization: tenant.org.id,
    permission: "activity:read",
  });
  const sub: Partial<Subscriber> = { user, tenant, client, received: [], status: [] };
  sub.sync = new ActivitySync<ActivityEntry>({
    supabase: client,
    organizationId: tenant.org.id,
    sealedThrough: await currentChainSeq(tenant),
    fromRecord: (r) => ({
      id: String(r.id),
      seq: Number(r.seq),
      chainSeq: r.chain_seq == null ? null : Number(r.chain_seq),
      action: String(r.action),
      entityType: String(r.entity_type),
      entityId: (r.entity_id as string) ?? null,
      entityLabel: null,
      actorId: (r.user_id as string) ?? null,
      actor: null,
      createdAt: String(r.created_at),
    }),
    backfill: (after) => listActivitySince(ctx, after),
    onEntries: (entries) => sub.received!.push(...entries),
    onStatus: (s) => sub.status!.push(s),
  });
  void sub.sync.start();
  await until(() => sub.status!.includes("SUBSCRIBED"), `subscription of ${user.email}`);
  return sub as Subscriber;
}

/** The organization's highest append number. */
export async function currentSeq(t: TestTenant): Promise<number> {
  const last = await ownerDb().auditLog.findFirst({
    where: { organizationId: t.org.id },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return Number(last?.seq ?? 0);
}

/** Seals the organization's committed entries (as the app's sealer would) and returns its chain's last position. */
export async function currentChainSeq(t: TestTenant): Promise<number> {
  await sealAuditChains(ownerDb(), t.org.id);
  const last = await ownerDb().auditLog.findFirst({
    where: { organizationId: t.org.id, chainSeq: { not: null } },
    orderBy: { chainSeq: "desc" },
    select: { chainSeq: true },
  });
  return Number(last?.chainSeq ?? 0);
}

export async function until(cond: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A tenant transaction of the owner that appends `entry` and stays open until `commit()` is called. */
export function openAuditWriter(t: TestTenant, entry: AuditEntry) {
  const owner = t.users.OWNER!;
  let commit!: () => void;
  let appended!: () => void;
  const gate = new Promise<void>((r) => (commit = r));
  const ready = new Promise<void>((r) => (appended = r));
  const done = withTenantContext({ user: owner, organization: { id: t.org.id } }, async (tx) => {
    await recordAudit(tx, { user: owner, organization: t.org }, entry);
    appended();
    await gate;
  });
  return { ready, commit, done };
}
