import type { Metadata } from "next";
import Link from "next/link";
import { ActivityItem } from "@/components/activity/activity-item";
import { AuditFilters } from "@/components/activity/audit-filters";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission, UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import { buttonClasses, EmptyState } from "@/components/ui";
import { pageAccess, requireOrgPage, pageReads } from "@/lib/auth/guards";
import { auditFilterSchema } from "@/lib/modules/activity/schemas";
import { listAuditLog, listOrganizationPeople } from "@/lib/modules/activity";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/audit`);
  const denied = pageAccess(ctx, "audit:read");
  if (denied?.layer === "tier") {
    return (
      <UpgradePrompt
        feature="The audit log"
        requiredTier={denied.requiredTier}
        canUpgrade={pageAccess(ctx, "plan:manage") === null}
        planHref={`/${org}/settings/plan`}
      />
    );
  }
  if (denied) return <NoPermission message={denied.message} />;
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(raw);
  const [{ entries, nextBefore }, people] = await pageReads(ctx, () =>
    Promise.all([listAuditLog(ctx, filter), listOrganizationPeople(ctx)]),
  );
  const exportDenied = pageAccess(ctx, "audit:export");
  const query = new URLSearchParams(
    Object.entries({ ...filter, before: undefined }).filter(([, v]) => v !== undefined) as [string, string][],
  );
  const older = new URLSearchParams(query);
  if (nextBefore) older.set("before", String(nextBefore));
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in your organization, in order. Entries can't be edited or deleted, and their hash chain shows if anyone tried."
        action={
          exportDenied ? (
            <span className="text-sm text-fg-muted">
              {exportDenied.layer === "tier" ? "CSV export is on the Elite plan" : exportDenied.message}
            </span>
          ) : (
            <a
              className={buttonClasses("secondary", "sm")}
              href={`/api/organizations/${ctx.organization.slug}/audit/export?${query.toString()}`}
            >
              Export CSV
            </a>
          )
        }
      />
      <AuditFilters
        people={people}
        filter={{
          actor: filter.actor,
          action: filter.action,
          entity: filter.entity,
          from: filter.from,
          to: filter.to,
        }}
      />
      {entries.length === 0 ? (
        <EmptyState
          title="No entries match"
          description="Try a wider date range or clear the filters."
          action={
            <Link className={buttonClasses("secondary", "sm")} href={`/${org}/audit`}>
              Clear filters
            </Link>
          }
        />
      ) : (
        <div className="rounded-lg border border-border bg-surface px-4">
          <ol aria-label="Audit log entries">
            {entries.map((e) => (
              <ActivityItem key={e.id} entry={e} orgSlug={ctx.organization.slug} />
            ))}
          </ol>
        </div>
      )}
      <nav aria-label="Pagination" className="mt-4 flex justify-between">
        {filter.before ? (
          <Link className={buttonClasses("ghost", "sm")} href={`/${org}/audit?${query.toString()}`}>
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {nextBefore && (
          <Link className={buttonClasses("secondary", "sm")} href={`/${org}/audit?${older.toString()}`}>
            Older entries →
          </Link>
        )}
      </nav>
    </>
  );
}
