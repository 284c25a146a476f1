import "server-only";
// What the contacts list's toolbar offers: the organization's tags, and the saved views the caller may use (their
// own and the shared ones), each saying whether the caller may change it.
import type { AuthContext } from "@/lib/auth/authorize";
import { pageDenial } from "@/lib/auth/permissions";
import { withTenantContext } from "@/lib/database/tenant";
import { viewParamsSchema, type SavedViewItem, type TagOption } from "../schemas";

export async function listTags(ctx: AuthContext): Promise<TagOption[]> {
  return withTenantContext(
    ctx,
    (tx) =>
      tx.$queryRaw<TagOption[]>`
      select id, name from public.tags where organization_id = ${ctx.organization.id}::uuid
       order by lower(name), id`,
  );
}

export async function listSavedViews(ctx: AuthContext): Promise<SavedViewItem[]> {
  const manageShared = pageDenial(ctx, "organization:update") === null;
  const rows = await withTenantContext(ctx, (tx) =>
    tx.savedView.findMany({
      where: { organizationId: ctx.organization.id, list: "contacts" },
      select: { id: true, name: true, shared: true, params: true, createdBy: true },
      orderBy: [{ shared: "asc" }, { name: "asc" }, { id: "asc" }],
    }),
  );
  return rows.map((r) => {
    const mine = r.createdBy === ctx.user.id;
    const params = viewParamsSchema.safeParse(r.params);
    return {
      id: r.id,
      name: r.name,
      shared: r.shared,
      params: params.success ? params.data : {},
      mine,
      canManage: mine || (r.shared && manageShared),
    };
  });
}
