import type { ReactNode } from "react";
import { Sidebar } from "@/components/app-shell/sidebar";
import { listUserOrganizations, pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { countUnreadNotifications } from "@/lib/modules/notifications";
import { publicSupabaseConfig } from "@/lib/supabase/projects";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/dashboard`);
  const organizations = await listUserOrganizations(ctx.user);
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <Sidebar
        org={ctx.organization}
        organizations={organizations}
        user={{ name: ctx.user.name, email: ctx.user.email }}
        role={ctx.role}
        tier={ctx.tier}
        notifications={{
          organizationId: ctx.organization.id,
          userId: ctx.user.id,
          unread: await countUnreadNotifications(ctx),
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
}
