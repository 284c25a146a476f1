import "server-only";
// The two contacts of a merge, side by side: every field the user picks from, and what each brings along.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { PERSON_SELECT } from "@/lib/people";
import { isUuid } from "@/lib/validation";
import type { MergeCandidate } from "../schemas";
import { CONTACT_FIELDS_SELECT } from "../services/contacts";

export async function getMergePair(
  ctx: AuthContext,
  aId: string,
  bId: string,
): Promise<[MergeCandidate, MergeCandidate] | null> {
  if (!isUuid(aId) || !isUuid(bId) || aId.toLowerCase() === bId.toLowerCase()) return null;
  return withTenantContext(ctx, async (tx) => {
    const rows = await tx.contact.findMany({
      where: { organizationId: ctx.organization.id, id: { in: [aId, bId] } },
      select: {
        ...CONTACT_FIELDS_SELECT,
        assignee: { select: PERSON_SELECT },
        createdAt: true,
        _count: { select: { deals: true, tags: true, participations: true } },
      },
    });
    const toCandidate = ({ _count, ...r }: (typeof rows)[number]): MergeCandidate => ({
      ...r,
      nextFollowUp: r.nextFollowUp?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      counts: { deals: _count.deals, tags: _count.tags, loops: _count.participations },
    });
    const a = rows.find((r) => r.id === aId.toLowerCase());
    const b = rows.find((r) => r.id === bId.toLowerCase());
    return a && b ? [toCandidate(a), toCandidate(b)] : null;
  });
}
