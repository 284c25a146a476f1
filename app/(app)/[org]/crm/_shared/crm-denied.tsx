// What a CRM page shows instead of its content when the plan or the role doesn't allow it.
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission, UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import type { AuthContext } from "@/lib/auth/authorize";
import { pageAccess } from "@/lib/auth/guards";
import type { Denial, Permission } from "@/lib/auth/permissions";

export function crmDenial(ctx: AuthContext, permission: Permission): Denial | null {
  return pageAccess(ctx, permission);
}

export function CrmDenied({ ctx, denial, title }: { ctx: AuthContext; denial: Denial; title: string }) {
  return (
    <>
      <PageHeader title={title} />
      {denial.layer === "tier" ? (
        <UpgradePrompt
          feature="CRM"
          requiredTier={denial.requiredTier}
          canUpgrade={pageAccess(ctx, "plan:manage") === null}
          planHref={`/${ctx.organization.slug}/settings/plan`}
        />
      ) : (
        <NoPermission message={denial.message} />
      )}
    </>
  );
}
