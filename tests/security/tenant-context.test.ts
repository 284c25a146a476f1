// withTenantContext: statements run as `hearth_app` (the app's role) with the caller's claims, and nothing of that stays
// on the pooled connection for the next user.
import { afterAll, describe, expect, it } from "vitest";
import { createPool, createPrismaClient } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { seedTenant } from "../support/factories";

// One connection, so the next query necessarily reuses the connection the tenant transaction used.
const pool = createPool({
  connectionString: process.env.DATABASE_URL!,
  max: 1,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 5_000,
});
const db = createPrismaClient(pool);
afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

interface Session {
  role: string;
  claims: string | null;
  org: string | null;
  bypass: boolean;
}
const inspect = (q: typeof db | Parameters<Parameters<typeof withTenantContext>[1]>[0]) =>
  q.$queryRaw<Session[]>`select current_user as role,
                                nullif(current_setting('request.jwt.claims', true), '') as claims,
                                nullif(current_setting('app.organization_id', true), '') as org,
                                (select rolbypassrls from pg_roles where rolname = current_user) as bypass`;

describe("withTenantContext", () => {
  it("runs as hearth_app (no BYPASSRLS, owns nothing) with the caller's claims and organization", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const user = t.users.MEMBER!;
    const inside = await withTenantContext({ user, organization: { id: t.org.id } }, (tx) => inspect(tx), {
      db,
    });
    expect(inside[0]).toMatchObject({ role: "hearth_app", org: t.org.id, bypass: false });
    expect(JSON.parse(inside[0]!.claims!)).toMatchObject({ sub: user.id, role: "authenticated" });
    const owned = await db.$queryRaw<Array<{ n: number }>>`
      select count(*)::int as n from pg_class
       where relowner in (select oid from pg_roles where rolname in ('hearth_app', 'authenticated'))`;
    expect(owned[0]!.n).toBe(0);
    const roles = await db.$queryRaw<Array<{ rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }>>`
      select rolname, rolbypassrls, rolcanlogin from pg_roles where rolname = 'hearth_app'`;
    expect(roles).toEqual([{ rolname: "hearth_app", rolbypassrls: false, rolcanlogin: false }]);
  });

  it("leaves nothing behind on the pooled connection, also after a failure", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await withTenantContext(
      { user: t.users.OWNER!, organization: { id: t.org.id } },
      (tx) => tx.contact.count(),
      { db },
    );
    let after = await inspect(db);
    expect(after[0]).toMatchObject({ role: "postgres", claims: null, org: null });

    await expect(
      withTenantContext(
        { user: t.users.OWNER!, organization: { id: t.org.id } },
        async () => {
          throw new AppError("CONFLICT", "boom");
        },
        { db },
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    after = await inspect(db);
    expect(after[0]).toMatchObject({ role: "postgres", claims: null, org: null });
  });

  it("turns an RLS violation into FORBIDDEN", async () => {
    const t = await seedTenant({ roles: ["VIEWER"] });
    await expect(
      withTenantContext(
        { user: t.users.VIEWER!, organization: { id: t.org.id } },
        (tx) => tx.contact.create({ data: { organizationId: t.org.id, name: "Nope" } }),
        { db },
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
