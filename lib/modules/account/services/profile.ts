import "server-only";
// The signed-in person's own profile: the display name lives in our `users` row (what teammates see) and in the
// Auth user's metadata (what new sessions carry). The row changes as the user themself, under RLS, with an entry in
// the audit log of every organization they are a member of (where the name shows).
import { recordAuditMany } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { withUserContext, type TenantOptions } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { updateProfileSchema, type UpdateProfileInput } from "../schemas";

export async function updateProfileName(
  user: CurrentUser,
  raw: UpdateProfileInput,
  opts: TenantOptions = {},
): Promise<{ name: string; changed: boolean }> {
  const input = updateProfileSchema.parse(raw);
  return withUserContext(
    { user, claims: user.claims },
    async (tx) => {
      const before = await tx.user.findUnique({ where: { id: user.id }, select: { name: true } });
      if (!before) throw new AppError("NOT_FOUND", "We couldn't find your profile.");
      if (before.name === input.name) return { name: input.name, changed: false };
      await tx.user.update({ where: { id: user.id }, data: { name: input.name }, select: { id: true } });
      const memberships = await tx.organizationMember.findMany({
        where: { userId: user.id, acceptedAt: { not: null } },
        select: { id: true, organizationId: true },
      });
      for (const m of memberships) {
        await recordAuditMany(tx, { user, organization: { id: m.organizationId } }, [
          {
            action: "member.profile_updated",
            entityType: "member",
            entityId: m.id,
            oldValues: { name: before.name },
            newValues: { name: input.name },
          },
        ]);
      }
      return { name: input.name, changed: true };
    },
    opts,
  );
}
