import "server-only";
// The deal form's contact picker: up to 10 contacts matching a search (the list's trigram search), or the
// most recently added ones when the search is empty.
import type { AuthContext } from "@/lib/auth/authorize";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { searchCondition } from "./contact-list";

export interface ContactOption {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
}

export async function searchContactOptions(ctx: AuthContext, q: string): Promise<ContactOption[]> {
  const orgId = ctx.organization.id;
  const term = q.trim();
  return withTenantContext(
    ctx,
    (tx) =>
      tx.$queryRaw<ContactOption[]>`
      select c.id, c.name, c.email, c.company from public.contacts c
       where c.organization_id = ${orgId}::uuid
         ${term ? Prisma.sql`and ${searchCondition(orgId, term)}` : Prisma.empty}
       order by ${term ? Prisma.sql`c.name asc, c.id asc` : Prisma.sql`c.created_at desc, c.id desc`}
       limit 10`,
  );
}
