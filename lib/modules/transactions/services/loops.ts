import "server-only";
// Transaction loops: created atomically with their default tasks and audit entry, listed with status filters,
// read with tasks and documents, edited, moved through the status table (loop-status.ts), and deleted.
// Everything runs in the caller's tenant transaction and filters by organization as well (RLS is the backstop).
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  DOCUMENT_VIEW_SELECT,
  removeDocumentObjects,
  toDocumentView,
  type DocumentView,
} from "@/lib/modules/documents";
import { isUuid } from "@/lib/validation";
import { DEFAULT_TASKS } from "../default-tasks";
import { canTransition, OPEN_STATUSES } from "../loop-status";
import {
  changeLoopStatusSchema,
  createLoopSchema,
  deleteLoopSchema,
  LOOP_STATUS_LABELS,
  listLoopsSchema,
  updateLoopSchema,
  type LoopStatus,
  type TaskCategory,
  type TaskStatus,
  type TransactionType,
} from "../schemas";
import { fromDateOnly, lockLoop, loopNotFound, toDateOnly } from "./shared";
import type { z } from "zod";

export const LOOPS_PAGE_SIZE = 25;
const DAY_MS = 86_400_000;

export interface LoopSummary {
  id: string;
  propertyAddress: string;
  transactionType: TransactionType;
  listingPrice: string | null;
  expectedClosing: string | null;
  status: LoopStatus;
  progress: number;
  createdAt: string;
  taskCount: number;
  documentCount: number;
}

export interface TaskView {
  id: string;
  title: string;
  category: TaskCategory;
  status: TaskStatus;
  completed: boolean;
  completedAt: string | null;
  dueDate: string | null;
  sortOrder: number;
  assignee: { id: string; name: string | null; email: string } | null;
}

export interface MemberOption {
  id: string;
  name: string | null;
  email: string;
}

export interface LoopDetail extends Omit<LoopSummary, "taskCount" | "documentCount"> {
  updatedAt: string;
  createdBy: { id: string; name: string | null; email: string } | null;
  tasks: TaskView[];
  documents: DocumentView[];
  members: MemberOption[];
}

const LOOP_SELECT = {
  id: true,
  propertyAddress: true,
  transactionType: true,
  listingPrice: true,
  expectedClosing: true,
  status: true,
  progress: true,
  createdAt: true,
} as const satisfies Prisma.TransactionLoopSelect;

type LoopRow = Prisma.TransactionLoopGetPayload<{ select: typeof LOOP_SELECT }>;

function loopBase(row: LoopRow) {
  return {
    id: row.id,
    propertyAddress: row.propertyAddress,
    transactionType: row.transactionType,
    listingPrice: row.listingPrice === null ? null : row.listingPrice.toFixed(2),
    expectedClosing: toDateOnly(row.expectedClosing),
    status: row.status,
    progress: row.progress,
    createdAt: row.createdAt.toISOString(),
  };
}

export const TASK_SELECT = {
  id: true,
  title: true,
  category: true,
  status: true,
  completed: true,
  completedAt: true,
  dueDate: true,
  sortOrder: true,
  assignee: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.TransactionTaskSelect;

export function toTaskView(t: Prisma.TransactionTaskGetPayload<{ select: typeof TASK_SELECT }>): TaskView {
  return {
    id: t.id,
    title: t.title,
    category: t.category,
    status: t.status,
    completed: t.completed,
    completedAt: t.completedAt?.toISOString() ?? null,
    dueDate: toDateOnly(t.dueDate),
    sortOrder: t.sortOrder,
    assignee: t.assignee,
  };
}

/** Creates the loop, its default tasks (one per stage) and its audit entry in one transaction. */
export async function createLoop(
  ctx: AuthContext,
  raw: z.input<typeof createLoopSchema>,
): Promise<{ id: string }> {
  const input = createLoopSchema.parse(raw);
  const organizationId = ctx.organization.id;
  const closing = fromDateOnly(input.expectedClosing);
  return withTenantContext(ctx, async (tx) => {
    const loop = await tx.transactionLoop.create({
      data: {
        organizationId,
        propertyAddress: input.propertyAddress,
        transactionType: input.transactionType,
        listingPrice: input.listingPrice,
        expectedClosing: closing,
        createdBy: ctx.user.id,
      },
      select: { id: true },
    });
    await tx.transactionTask.createMany({
      data: DEFAULT_TASKS.map((t, i) => ({
        organizationId,
        loopId: loop.id,
        title: t.title,
        category: t.category,
        sortOrder: i,
        dueDate: closing ? new Date(closing.getTime() - t.daysBeforeClosing * DAY_MS) : null,
      })),
    });
    await recordAudit(tx, ctx, {
      action: "loop.created",
      entityType: "transaction_loop",
      entityId: loop.id,
      newValues: {
        propertyAddress: input.propertyAddress,
        transactionType: input.transactionType,
        listingPrice: input.listingPrice,
        expectedClosing: input.expectedClosing,
        tasks: DEFAULT_TASKS.length,
      },
    });
    return { id: loop.id };
  });
}

export interface LoopList {
  loops: LoopSummary[];
  total: number;
  page: number;
  pageCount: number;
  filter: { status: string; q: string };
}

export async function listLoops(ctx: AuthContext, raw: Record<string, unknown> = {}): Promise<LoopList> {
  const f = listLoopsSchema.parse(raw);
  const where: Prisma.TransactionLoopWhereInput = {
    organizationId: ctx.organization.id,
    ...(f.status === "ALL"
      ? {}
      : f.status === "OPEN"
        ? { status: { in: [...OPEN_STATUSES] } }
        : { status: f.status }),
    ...(f.q ? { propertyAddress: { contains: f.q, mode: "insensitive" } } : {}),
  };
  return withTenantContext(ctx, async (tx) => {
    // One connection per transaction: the two queries run one after the other.
    const rows = await tx.transactionLoop.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (f.page - 1) * LOOPS_PAGE_SIZE,
      take: LOOPS_PAGE_SIZE,
      select: {
        ...LOOP_SELECT,
        _count: { select: { tasks: true, documents: { where: { deletedAt: null } } } },
      },
    });
    const total = await tx.transactionLoop.count({ where });
    return {
      loops: rows.map((r) => ({
        ...loopBase(r),
        taskCount: r._count.tasks,
        documentCount: r._count.documents,
      })),
      total,
      page: f.page,
      pageCount: Math.max(1, Math.ceil(total / LOOPS_PAGE_SIZE)),
      filter: { status: f.status, q: f.q },
    };
  });
}

/** The loop with its tasks, live documents and the members tasks can be assigned to. */
export async function getLoop(ctx: AuthContext, loopId: string): Promise<LoopDetail> {
  if (!isUuid(loopId)) throw loopNotFound();
  const organizationId = ctx.organization.id;
  // Sequential queries: a transaction has one connection (Prisma would otherwise fetch relations concurrently).
  return withTenantContext(ctx, async (tx) => {
    const loop = await tx.transactionLoop.findFirst({
      where: { id: loopId, organizationId },
      select: { ...LOOP_SELECT, updatedAt: true, createdBy: true },
    });
    if (!loop) throw loopNotFound();
    const tasks = await tx.transactionTask.findMany({
      where: { organizationId, loopId },
      select: TASK_SELECT,
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    });
    const documents = await tx.transactionDocument.findMany({
      where: { organizationId, loopId, deletedAt: null },
      select: DOCUMENT_VIEW_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const members = await tx.organizationMember.findMany({
      where: { organizationId, acceptedAt: { not: null } },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    });
    const memberUsers = members.map((m) => m.user);
    return {
      ...loopBase(loop),
      updatedAt: loop.updatedAt.toISOString(),
      createdBy: memberUsers.find((u) => u.id === loop.createdBy) ?? null,
      tasks: tasks.map(toTaskView),
      documents: documents.map(toDocumentView),
      members: memberUsers,
    };
  });
}

export async function updateLoop(
  ctx: AuthContext,
  raw: z.input<typeof updateLoopSchema>,
): Promise<{ id: string }> {
  const input = updateLoopSchema.parse(raw);
  const organizationId = ctx.organization.id;
  return withTenantContext(ctx, async (tx) => {
    await lockLoop(tx, organizationId, input.loopId);
    const before = await tx.transactionLoop.findFirstOrThrow({
      where: { id: input.loopId, organizationId },
      select: LOOP_SELECT,
    });
    const after = {
      propertyAddress: input.propertyAddress,
      transactionType: input.transactionType,
      listingPrice: input.listingPrice,
      expectedClosing: input.expectedClosing,
    };
    await tx.transactionLoop.update({
      where: { id: input.loopId },
      data: { ...after, expectedClosing: fromDateOnly(input.expectedClosing) },
      select: { id: true },
    });
    const old = loopBase(before);
    await recordAudit(tx, ctx, {
      action: "loop.updated",
      entityType: "transaction_loop",
      entityId: input.loopId,
      oldValues: {
        propertyAddress: old.propertyAddress,
        transactionType: old.transactionType,
        listingPrice: old.listingPrice,
        expectedClosing: old.expectedClosing,
      },
      newValues: after,
    });
    return { id: input.loopId };
  });
}

/** Moves a loop to another status if the transition table allows it (CONFLICT otherwise). */
export async function changeLoopStatus(
  ctx: AuthContext,
  raw: z.input<typeof changeLoopStatusSchema>,
): Promise<{ id: string; status: LoopStatus }> {
  const input = changeLoopStatusSchema.parse(raw);
  return withTenantContext(ctx, async (tx) => {
    const loop = await lockLoop(tx, ctx.organization.id, input.loopId);
    if (loop.status === input.status) return { id: loop.id, status: loop.status };
    if (!canTransition(loop.status, input.status)) {
      throw new AppError(
        "CONFLICT",
        `A ${LOOP_STATUS_LABELS[loop.status].toLowerCase()} transaction can't be moved to ${LOOP_STATUS_LABELS[input.status].toLowerCase()}.`,
        { details: { from: loop.status, to: input.status } },
      );
    }
    await tx.transactionLoop.update({
      where: { id: loop.id },
      data: { status: input.status },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "loop.status_changed",
      entityType: "transaction_loop",
      entityId: loop.id,
      oldValues: { status: loop.status },
      newValues: { status: input.status },
    });
    return { id: loop.id, status: input.status };
  });
}

/**
 * Deletes the loop with its tasks and documents. Deleting the document rows destroys their wrapped data keys
 * (crypto-shredding) in the same transaction; the ciphertext objects are removed afterwards — if that fails,
 * what remains is undecryptable.
 */
export async function deleteLoop(
  ctx: AuthContext,
  raw: z.input<typeof deleteLoopSchema>,
): Promise<{ deleted: true }> {
  const input = deleteLoopSchema.parse(raw);
  const organizationId = ctx.organization.id;
  const paths = await withTenantContext(ctx, async (tx) => {
    await lockLoop(tx, organizationId, input.loopId);
    const loop = await tx.transactionLoop.findFirstOrThrow({
      where: { id: input.loopId, organizationId },
      select: { ...LOOP_SELECT, _count: { select: { tasks: true } } },
    });
    const documents = await tx.transactionDocument.findMany({
      where: { organizationId, loopId: input.loopId },
      select: { storagePath: true, deletedAt: true },
    });
    await tx.transactionLoop.delete({ where: { id: input.loopId }, select: { id: true } });
    const base = loopBase(loop);
    await recordAudit(tx, ctx, {
      action: "loop.deleted",
      entityType: "transaction_loop",
      entityId: input.loopId,
      oldValues: {
        propertyAddress: base.propertyAddress,
        status: base.status,
        tasks: loop._count.tasks,
        documents: documents.filter((d) => !d.deletedAt).length,
      },
    });
    return documents.map((d) => d.storagePath);
  });
  const error = await removeDocumentObjects(paths);
  if (error)
    console.warn(
      `[transactions] loop ${input.loopId} deleted; ${paths.length} ciphertext objects not removed: ${error.message}`,
    );
  return { deleted: true };
}
