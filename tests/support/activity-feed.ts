// Signed-in members of a test organization with their own official Supabase client, and the live activity feed
// (ActivitySync over Realtime + backfill through the feed service) as each of them sees it.
import type { SupabaseClient } from "@supabase/supabase-js";
import { authorizeUser } from "@/lib/auth/authorize";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import type { ActivityEntry } from "@/lib/modules/activity/schemas";
import { listActivitySince } from "@/lib/modules/activity/queries/feed";
import { ActivitySync } from "@/lib/modules/activity/client";
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
    lastSeq: await currentSeq(tenant),
    fromRecord: (r) => ({
      id: String(r.id),
      seq: Number(r.seq),
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

export async function currentSeq(t: TestTenant): Promise<number> {
  const last = await ownerDb().auditLog.findFirst({
    where: { organizationId: t.org.id },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return Number(last?.seq ?? 0);
}

export async function until(cond: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
