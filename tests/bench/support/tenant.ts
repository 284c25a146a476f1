// A benchmark organization: a GROWTH plan, an owner, and the AuthContext authorize() would give that owner —
// made directly as the database owner (fast), so a benchmark measures the services, not its setup.
import { randomUUID } from "node:crypto";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";

export async function benchTenant(db: Db, label: string): Promise<AuthContext> {
  const userId = randomUUID();
  const email = `bench-${userId.slice(0, 8)}@example.test`;
  const slug = `bench-${label}-${userId.slice(0, 8)}`;
  await db.user.create({ data: { id: userId, email, name: `Bench ${label}` } });
  const org = await db.organization.create({
    data: { name: `Bench ${label}`, slug },
    select: { id: true, name: true, slug: true },
  });
  await db.subscription.create({ data: { organizationId: org.id, tier: "GROWTH" } });
  const m = await db.organizationMember.create({
    data: { organizationId: org.id, userId, role: "OWNER", acceptedAt: new Date() },
  });
  const claims = { sub: userId, email, role: "authenticated", session_id: randomUUID() };
  return {
    organization: org,
    membership: { id: m.id, role: "OWNER", acceptedAt: m.acceptedAt!, grants: [] },
    role: "OWNER",
    tier: "GROWTH",
    subscription: { tier: "GROWTH", status: "ACTIVE" },
    user: {
      id: userId,
      email,
      name: `Bench ${label}`,
      avatarUrl: null,
      globalRole: "USER",
      claims,
      sessionId: claims.session_id,
    },
    claims,
  };
}

/** n contacts in one statement (names, emails, companies, statuses, half assigned to `assignee`). */
export async function seedBenchContacts(db: Db, ctx: AuthContext, n: number): Promise<void> {
  await db.$executeRawUnsafe(
    `insert into public.contacts (organization_id, name, email, phone, company, status, assigned_to, next_follow_up, created_at)
     select $1::uuid, 'Person ' || md5(g::text), 'person' || g || '@bench.example', '+1 555 ' || lpad((g % 10000)::text, 4, '0'),
            'Company ' || (g % 500), (array['LEAD','PROSPECT','ACTIVE','CLIENT','PAST_CLIENT','LOST']::public.contact_status[])[1 + g % 6],
            case when g % 2 = 0 then $2::uuid end,
            case when g % 3 = 0 then now() + ((g % 60) - 20) * interval '1 day' end,
            now() - g * interval '15 minutes'
       from generate_series(1, $3::int) g`,
    ctx.organization.id,
    ctx.user.id,
    n,
  );
}
