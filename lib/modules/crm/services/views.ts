import "server-only";
// Saved views of the contacts list. Anyone who reads contacts keeps private views (a preference, not a change to the
// data); sharing one with the organization needs contacts:write; a shared view is changed or deleted by its creator
// or by owners and admins. The same rules are the table's policies (migration 20261206002300); these checks give
// the person a sentence instead of "nothing happened".
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { pageDenial } from "@/lib/auth/permissions";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { deleteViewSchema, saveViewSchema, updateViewSchema } from "../schemas";

const SHARE_DENIED =
  "You can save views for yourself; sharing one with the organization needs permission to edit contacts.";
const MANAGE_DENIED = "Only the person who created this shared view, or an owner or admin, can change it.";

function assertMayShare(ctx: AuthContext, shared: boolean) {
  if (shared && pageDenial(ctx, "contacts:write") !== null) throw new AppError("FORBIDDEN", SHARE_DENIED);
}

/** The view as the caller sees it, or NOT_FOUND; FORBIDDEN when they see it but may not change it. */
async function manageableView(tx: TenantTx, ctx: AuthContext, id: string) {
  const view = await tx.savedView.findFirst({
    where: { id, organizationId: ctx.organization.id },
    select: { id: true, name: true, shared: true, params: true, createdBy: true },
  });
  if (!view) throw new AppError("NOT_FOUND", "That view doesn't exist (it may have been deleted).");
  const mine = view.createdBy === ctx.user.id;
  if (!mine && !(view.shared && pageDenial(ctx, "organization:update") === null))
    throw new AppError("FORBIDDEN", MANAGE_DENIED);
  return view;
}

export const saveView = tenantService(saveViewSchema, async (tx, input, ctx) => {
  assertMayShare(ctx, input.shared);
  // Raw, so only the columns the app role may insert are named (Prisma would send every default it knows).
  const [view] = (await tx.$queryRaw<Array<{ id: string; name: string; shared: boolean }>>`
    insert into public.saved_views (organization_id, created_by, name, shared, params)
    values (${ctx.organization.id}::uuid, ${ctx.user.id}::uuid, ${input.name}, ${input.shared},
            ${JSON.stringify(input.params)}::jsonb)
    returning id, name, shared`) as [{ id: string; name: string; shared: boolean }];
  await recordAudit(tx, ctx, {
    action: "view.saved",
    entityType: "saved_view",
    entityId: view.id,
    newValues: { name: view.name, shared: view.shared, params: input.params },
  });
  return view;
});

export const updateView = tenantService(updateViewSchema, async (tx, input, ctx) => {
  const current = await manageableView(tx, ctx, input.id);
  if (input.shared && !current.shared) assertMayShare(ctx, true);
  const res = await tx.savedView.updateMany({
    where: { id: input.id, organizationId: ctx.organization.id },
    data: { name: input.name, shared: input.shared, params: input.params, updatedAt: new Date() },
  });
  if (res.count !== 1) throw new AppError("FORBIDDEN", MANAGE_DENIED);
  await recordAudit(tx, ctx, {
    action: "view.updated",
    entityType: "saved_view",
    entityId: input.id,
    oldValues: { name: current.name, shared: current.shared, params: current.params ?? {} },
    newValues: { name: input.name, shared: input.shared, params: input.params },
  });
  return { id: input.id, name: input.name, shared: input.shared };
});

export const deleteView = tenantService(deleteViewSchema, async (tx, input, ctx) => {
  const current = await manageableView(tx, ctx, input.id);
  const res = await tx.savedView.deleteMany({ where: { id: input.id, organizationId: ctx.organization.id } });
  if (res.count !== 1) throw new AppError("FORBIDDEN", MANAGE_DENIED);
  await recordAudit(tx, ctx, {
    action: "view.deleted",
    entityType: "saved_view",
    entityId: input.id,
    oldValues: { name: current.name, shared: current.shared },
  });
  return { id: input.id, name: current.name };
});
