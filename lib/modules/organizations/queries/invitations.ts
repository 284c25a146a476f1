import "server-only";
// An invitation link as its accept page shows it. Outside a tenant context on purpose: the invitee isn't a member
// yet (a named privileged path); only the token's holder learns what it names.
import { getPrisma } from "@/lib/database/client";
import { acceptInvitationSchema } from "../schemas";
import { hashInvitationToken } from "../services/members";

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export async function findInvitation(token: string) {
  const parsed = acceptInvitationSchema.safeParse({ token });
  if (!parsed.success) return null;
  const inv = await getPrisma().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(parsed.data.token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { id: true, name: true, slug: true } },
      inviter: { select: { name: true, email: true } },
    },
  });
  if (!inv) return null;
  const state: InvitationState = inv.acceptedAt
    ? "accepted"
    : inv.revokedAt
      ? "revoked"
      : inv.expiresAt <= new Date()
        ? "expired"
        : "pending";
  return { ...inv, state };
}
