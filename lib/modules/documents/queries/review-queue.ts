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
    // One relation per query: Prisma fetches sibling relations concurrently, and a transaction has one connection.
    const rows = await tx.transactionDocument.findMany({
      where,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
      take: opts.limit ?? 10,
      select: {
        id: true,
        fileName: true,
        submittedAt: true,
        slotId: true,
        uploadedBy: true,
        loop: { select: { id: true, propertyAddress: true } },
      },
    });
    const total = await tx.transactionDocument.count({ where });
    const slots = await tx.loopDocumentSlot.findMany({
      where: { organizationId: ctx.organization.id, id: { in: ids(rows.map((r) => r.slotId)) } },
      select: { id: true, title: true },
    });
    const people = await tx.user.findMany({
      where: { id: { in: ids(rows.map((r) => r.uploadedBy)) } },
      select: PERSON_SELECT,
    });
    return {
      items: rows.map((r) => ({
        documentId: r.id,
        fileName: r.fileName,
        slotTitle: slots.find((s) => s.id === r.slotId)?.title ?? null,
        loop: r.loop,
        uploadedBy: people.find((p) => p.id === r.uploadedBy) ?? null,
        submittedAt: r.submittedAt?.toISOString() ?? null,
      })),
      total,
    };
  });
}

const ids = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))];
