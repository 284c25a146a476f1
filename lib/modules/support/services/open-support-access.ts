import "server-only";
// Opening an organization as support staff: private.open_support_access() checks the caller is global role SUPPORT
// (from the JWT), writes the time-limited grant and the entry in that organization's audit log in one transaction.
import { assertActiveUser } from "@/lib/auth/authorize";
import type { CurrentUser } from "@/lib/auth/current-user";
import { withTenantContext, type TenantOptions } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { openSupportAccessSchema, SUPPORT_ACCESS_MINUTES, type OpenSupportAccessInput } from "../schemas";

export async function openSupportAccess(
  user: CurrentUser,
  raw: OpenSupportAccessInput,
  opts: TenantOptions = {},
): Promise<{ id: string; expiresAt: Date; slug: string }> {
  const input = openSupportAccessSchema.parse(raw);
  if (assertActiveUser(user).globalRole !== "SUPPORT") {
    throw new AppError("FORBIDDEN", "Only platform support staff open organizations this way.");
  }
  const organization = { id: input.organizationId };
  return withTenantContext(
    { user, claims: user.claims, organization },
    async (tx) => {
      const [grant] = await tx.$queryRaw<Array<{ id: string; expires_at: Date }>>`
        select id, expires_at from private.open_support_access(${input.organizationId}::uuid, ${input.reason}, ${SUPPORT_ACCESS_MINUTES}::int)`;
      // Readable now: the grant is live inside this very transaction.
      const org = await tx.organization.findUnique({
        where: { id: organization.id },
        select: { slug: true },
      });
      if (!grant || !org) throw new AppError("NOT_FOUND", "We couldn't find that organization.");
      return { id: grant.id, expiresAt: grant.expires_at, slug: org.slug };
    },
    opts,
  );
}
