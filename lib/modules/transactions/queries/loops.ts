import "server-only";
// Reads of transaction loops: the list with status filters and compliance, and the loop with its tasks, key
// dates, its live documents as its checklist's slots show them, its people and the members tasks can be assigned
// to. Each read is one tenant transaction.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { assignableMembers } from "@/lib/modules/organizations";
import {
  complianceByLoop,
  loopDocumentsIn,
  type ComplianceSummary,
  type DocumentView,
  type SlotView,
} from "@/lib/modules/documents";
import { isUuid } from "@/lib/validation";
import {
  defaultLoopScope,
  listLoopsSchema,
  OPEN_STATUSES,
  type LoopScope,
  type KeyDateKind,
  type KeyDateStatus,
  type LoopStatus,
  type StandardKeyDateKind,
  type TaskCategory,
  type TaskStatus,
  type TransactionType,
} from "../schemas";
import { loopNotFound, toDateOnly } from "../services/shared";
import { PERSON_SELECT, type Person } from "@/lib/people";
import { loopParticipants, type ParticipantView } from "./participants";

export const LOOPS_PAGE_SIZE = 25;

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
  /** Where its required documents stand in compliance review. */
  compliance: ComplianceSummary;
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
  assignee: Person | null;
  /** The key date the due date follows (with its offset in days), unless dueDateManual: someone set it by hand. */
  keyDateKind: StandardKeyDateKind | null;
  dueOffsetDays: number | null;
  dueDateManual: boolean;
}

export interface KeyDateView {
  id: string;
  kind: KeyDateKind;
  label: string | null;
  date: string | null;
  status: KeyDateStatus;
}

export interface MemberOption {
  id: string;
  name: string | null;
  email: string;
}

export interface LoopDetail extends Omit<LoopSummary, "taskCount" | "documentCount"> {
  updatedAt: string;
  createdBy: Person | null;
  tasks: TaskView[];
  keyDates: KeyDateView[];
  /** Every live document, newest first; `slots` and `unfiledDocuments` are the same documents as the checklist shows them. */
  documents: DocumentView[];
  slots: SlotView[];
  unfiledDocuments: DocumentView[];
  /** When the loop was last submitted for compliance review, and by whom. */
  reviewRequested: { at: string; by: Person | null } | null;
  /** The organization's setting: closing needs every required document approved. */
  closingNeedsApproval: boolean;
  members: MemberOption[];
  participants: ParticipantView[];
}

export const LOOP_SELECT = {
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

export function loopBase(row: LoopRow) {
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
  assignee: { select: PERSON_SELECT },
  keyDateKind: true,
  dueOffsetDays: true,
  dueDateManual: true,
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
    // The database refuses CUSTOM as a task's key date (transaction_tasks_due_rule).
    keyDateKind: t.keyDateKind === "CUSTOM" ? null : t.keyDateKind,
    dueOffsetDays: t.dueOffsetDays,
    dueDateManual: t.dueDateManual,
  };
}

export const KEY_DATE_SELECT = {
  id: true,
  kind: true,
  label: true,
  date: true,
  status: true,
} as const satisfies Prisma.LoopKeyDateSelect;

export function toKeyDateView(
  k: Prisma.LoopKeyDateGetPayload<{ select: typeof KEY_DATE_SELECT }>,
): KeyDateView {
  return { id: k.id, kind: k.kind, label: k.label, date: toDateOnly(k.date), status: k.status };
}

export interface LoopList {
  loops: LoopSummary[];
  total: number;
  page: number;
  pageCount: number;
  filter: { status: string; q: string; scope: LoopScope };
}

export async function listLoops(ctx: AuthContext, raw: Record<string, unknown> = {}): Promise<LoopList> {
  const f = listLoopsSchema.parse(raw);
  const scope = f.scope ?? defaultLoopScope(ctx.role);
  const where: Prisma.TransactionLoopWhereInput = {
    organizationId: ctx.organization.id,
    ...(scope === "mine" ? { participants: { some: { userId: ctx.user.id } } } : {}),
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
    const compliance = await complianceByLoop(
      tx,
      ctx.organization.id,
      rows.map((r) => r.id),
    );
    return {
      loops: rows.map((r) => ({
        ...loopBase(r),
        taskCount: r._count.tasks,
        documentCount: r._count.documents,
        compliance: compliance.get(r.id)!,
      })),
      total,
      page: f.page,
      pageCount: Math.max(1, Math.ceil(total / LOOPS_PAGE_SIZE)),
      filter: { status: f.status, q: f.q, scope },
    };
  });
}

/** The loop with its tasks, key dates, live documents (in their slots), the members tasks can be assigned to, and its people. */
export async function getLoop(ctx: AuthContext, loopId: string): Promise<LoopDetail> {
  if (!isUuid(loopId)) throw loopNotFound();
  const organizationId = ctx.organization.id;
  // Sequential queries: a transaction has one connection (Prisma would otherwise fetch relations concurrently).
  return withTenantContext(ctx, async (tx) => {
    const loop = await tx.transactionLoop.findFirst({
      where: { id: loopId, organizationId },
      select: {
        ...LOOP_SELECT,
        updatedAt: true,
        createdBy: true,
        reviewRequestedAt: true,
        reviewRequestedBy: true,
      },
    });
    if (!loop) throw loopNotFound();
    const tasks = await tx.transactionTask.findMany({
      where: { organizationId, loopId },
      select: TASK_SELECT,
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    });
    const keyDates = await tx.loopKeyDate.findMany({
      where: { organizationId, loopId },
      select: KEY_DATE_SELECT,
      orderBy: [{ date: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    });
    const documents = await loopDocumentsIn(tx, organizationId, loopId);
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { requireApprovalToClose: true },
    });
    const members = await tx.organizationMember.findMany({
      where: assignableMembers(organizationId),
      select: { user: { select: PERSON_SELECT } },
      orderBy: { createdAt: "asc" },
    });
    const participants = await loopParticipants(tx, organizationId, loopId);
    const memberUsers = members.map((m) => m.user);
    return {
      ...loopBase(loop),
      updatedAt: loop.updatedAt.toISOString(),
      createdBy: memberUsers.find((u) => u.id === loop.createdBy) ?? null,
      tasks: tasks.map(toTaskView),
      keyDates: keyDates.map(toKeyDateView),
      documents: documents.documents,
      slots: documents.slots,
      unfiledDocuments: documents.unfiled,
      compliance: documents.compliance,
      reviewRequested: loop.reviewRequestedAt
        ? {
            at: loop.reviewRequestedAt.toISOString(),
            by: memberUsers.find((u) => u.id === loop.reviewRequestedBy) ?? null,
          }
        : null,
      closingNeedsApproval: org.requireApprovalToClose,
      members: memberUsers,
      participants,
    };
  });
}
