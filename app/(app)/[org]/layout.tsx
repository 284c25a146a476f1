import type { ReactNode } from "react";
import { RememberOrganization } from "@/components/app-shell/remember-organization";
import { Sidebar } from "@/components/app-shell/sidebar";
import { SupportBanner } from "@/components/support/support-banner";
import { pageAccess, requireOrgFrame } from "@/lib/auth/guards";
import { publicSupabaseConfig } from "@/lib/supabase/projects";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org } = await params;
  // The access check and the frame's data in one statement, once per request (shared with the page).
  const {
    ctx,
    shell: { organizations, unread },
  } = await requireOrgFrame(org, `/${org}/dashboard`);
  const shell = (
    <div className="flex min-h-dvh flex-1 flex-col md:flex-row">
      <RememberOrganization slug={ctx.organization.slug} />
      <Sidebar
        org={ctx.organization}
        organizations={organizations}
        user={{ name: ctx.user.name, email: ctx.user.email }}
        role={ctx.support ? "Support (read-only)" : ctx.role}
        tier={ctx.tier}
        notifications={{
          organizationId: ctx.organization.id,
          userId: ctx.user.id,
          unread,
          supabase: publicSupabaseConfig(),
        }}
        sections={{
          crm: true,
          transactions: true,
          audit: pageAccess(ctx, "audit:read") === null || pageAccess(ctx, "audit:read")?.layer === "tier",
          settings: true,
        }}
      />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
        {children}
      </main>
    </div>
  );
  if (!ctx.support) return shell;
  return (
    <div className="flex min-h-dvh flex-col">
      <SupportBanner organization={ctx.organization.name} expiresAt={ctx.support.expiresAt} />
      {shell}
    </div>
  );
}
