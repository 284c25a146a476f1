import "server-only";
// The review queue: documents waiting for a reviewer across the organization's loops, the longest-waiting first.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { PERSON_SELECT, type Person } from "@/lib/people";

export interface ReviewQueueItem {
  documentId: string;
  fileName: string;
  slotTitle: string | null;
  loop: { id: string; propertyAddress: string };
  uploadedBy: Person | null;
  submittedAt: string | null;
}

export async function listReviewQueue(
  ctx: AuthContext,
  opts: { limit?: number } = {},
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const where = { organizationId: ctx.organization.id, reviewStatus: "PENDING" as const, deletedAt: null };
  return withTenantContext(ctx, async (tx) => {
    // The queue, its slots, uploaders and loops, and its total: one statement, as relations of the organization
    // (Prisma relationJoins, decision 0031).
    const org = await tx.organization.findUnique({
      where: { id: ctx.organization.id },
      select: {
        documents: {
          where,
          orderBy: [{ submittedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
          take: opts.limit ?? 10,
          select: {
            id: true,
            fileName: true,
            submittedAt: true,
            slot: { select: { title: true } },
            uploader: { select: PERSON_SELECT },
            loop: { select: { id: true, propertyAddress: true } },
          },
        },
        _count: { select: { documents: { where } } },
      },
    });
    const rows = org?.documents ?? [];
    const total = org?._count.documents ?? 0;
    return {
      items: rows.map((r) => ({
        documentId: r.id,
        fileName: r.fileName,
        slotTitle: r.slot?.title ?? null,
        loop: r.loop,
        uploadedBy: r.uploader,
        submittedAt: r.submittedAt?.toISOString() ?? null,
      })),
      total,
    };
  });
}
