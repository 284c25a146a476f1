import Link from "next/link";
import { NotificationBell, UnreadCountProvider } from "@/components/notifications/notification-bell";
import type { PublicSupabaseConfig } from "@/lib/supabase/browser";
import { roleLabel, tierLabel } from "@/lib/modules/organizations/schemas";
import { Avatar } from "@/components/account/avatar";
import { LogoutButton } from "./logout-button";
import { NavLink } from "./nav-link";
import { OrgSwitcher, type SwitcherOrg } from "./org-switcher";
import { PhoneMenu } from "./phone-menu";

export interface SidebarProps {
  org: { slug: string; name: string };
  organizations: SwitcherOrg[];
  user: { name: string | null; email: string };
  role: string;
  tier: string;
  /** Which sections this member can open; others are hidden. */
  sections: { crm: boolean; transactions: boolean; audit: boolean; settings: boolean };
  /** The bell's live unread count: this member's notifications in this organization. */
  notifications: { organizationId: string; userId: string; unread: number; supabase: PublicSupabaseConfig };
}

function Nav({ org, sections }: Pick<SidebarProps, "org" | "sections">) {
  const base = `/${org.slug}`;
  return (
    <nav aria-label="Sections" className="flex flex-col gap-1">
      <NavLink href={`${base}/dashboard`}>Dashboard</NavLink>
      {sections.crm && (
        <NavLink href={`${base}/crm`} exact>
          CRM overview
        </NavLink>
      )}
      {sections.crm && <NavLink href={`${base}/crm/contacts`}>Contacts</NavLink>}
      {sections.crm && <NavLink href={`${base}/crm/deals`}>Deals</NavLink>}
      {sections.transactions && <NavLink href={`${base}/transactions`}>Transactions</NavLink>}
      {sections.audit && <NavLink href={`${base}/audit`}>Audit log</NavLink>}
      <NavLink href={`${base}/settings`} exact>
        Settings
      </NavLink>
      <NavLink href={`${base}/settings/members`}>Members</NavLink>
      <NavLink href={`${base}/settings/plan`}>Plan</NavLink>
      <NavLink href={`${base}/settings/notifications`}>Notification settings</NavLink>
    </nav>
  );
}

export function Sidebar(props: SidebarProps) {
  const { org, organizations, user, role, tier, notifications } = props;
  const inbox = `/${org.slug}/notifications`;
  const footer = (
    <div className="flex flex-col gap-2 border-t border-border pt-3">
      <div className="flex min-w-0 items-center gap-2">
        <Avatar name={user.name} email={user.email} />
        <div className="min-w-0" data-testid="user-menu">
          <p className="truncate text-sm font-medium">{user.name ?? user.email}</p>
          <p className="truncate text-xs text-fg-muted">{user.email}</p>
          <p className="text-xs text-fg-muted">
            {roleLabel(role)} · {tierLabel(tier)} plan
          </p>
        </div>
      </div>
      <div className="flex items-center justify-between gap-2">
        <Link
          href={`/${org.slug}/settings/profile`}
          className="text-sm font-medium text-accent underline-offset-2 hover:underline"
        >
          Your profile
        </Link>
        <LogoutButton />
      </div>
    </div>
  );
  return (
    <UnreadCountProvider
      key={notifications.organizationId}
      organization={{ id: notifications.organizationId, slug: org.slug }}
      userId={notifications.userId}
      initialUnread={notifications.unread}
      supabase={notifications.supabase}
    >
      {/* Phone width: a top bar with a disclosure menu */}
      <div className="flex items-start border-b border-border bg-surface md:hidden">
        <PhoneMenu
          summary={
            <>
              <span className="flex items-center gap-2 font-semibold">
                <span aria-hidden="true" className="inline-block size-5 rounded bg-accent" />
                {org.name}
              </span>
              <span className="text-sm text-fg-muted">Menu</span>
            </>
          }
        >
          <div className="flex flex-col gap-4 px-4 pb-4">
            <OrgSwitcher current={org.slug} organizations={organizations} />
            <Nav org={org} sections={props.sections} />
            {footer}
          </div>
        </PhoneMenu>
        <NotificationBell href={inbox} className="m-1.5" />
      </div>
      <aside className="hidden w-64 shrink-0 flex-col gap-6 border-r border-border bg-surface p-4 md:flex">
        <div className="flex items-center justify-between gap-2">
          <Link href={`/${org.slug}/dashboard`} className="flex items-center gap-2 text-lg font-semibold">
            <span aria-hidden="true" className="inline-block size-6 rounded-md bg-accent" />
            Hearth
          </Link>
          <NotificationBell href={inbox} />
        </div>
        <OrgSwitcher current={org.slug} organizations={organizations} />
        <Nav org={org} sections={props.sections} />
        <div className="mt-auto">{footer}</div>
      </aside>
    </UnreadCountProvider>
  );
}
