import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission, UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import { LoopFilters } from "@/components/transactions/loop-filters";
import { CreateLoopButton } from "@/components/transactions/loop-form-dialog";
import { LoopsTable } from "@/components/transactions/loops-table";
import { buttonClasses, EmptyState } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { listLoops } from "@/lib/modules/transactions";
import type { LoopScope } from "@/lib/modules/transactions/schemas";

export const metadata: Metadata = { title: "Transactions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TransactionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: SearchParams;
}) {
  const { org } = await params;
  const sp = await searchParams;
  const ctx = await requireOrgPage(org, `/${org}/transactions`);
  const slug = ctx.organization.slug;
  const denied = pageAccess(ctx, "loops:read");
  if (denied?.layer === "tier") {
    return (
      <>
        <PageHeader title="Transactions" />
        <UpgradePrompt
          feature="Transactions"
          requiredTier={denied.requiredTier}
          canUpgrade={pageAccess(ctx, "plan:manage") === null}
          planHref={`/${slug}/settings/plan`}
        />
      </>
    );
  }
  if (denied) return <NoPermission message={denied.message} />;
  const canWrite = pageAccess(ctx, "loops:write") === null;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const list = await listLoops(ctx, {
    status: one(sp.status),
    q: one(sp.q),
    page: one(sp.page),
    scope: one(sp.scope),
  });
  const { scope } = list.filter;
  const filtered = list.filter.status !== "OPEN" || list.filter.q !== "";
  const listHref = (changes: { page?: number; scope?: LoopScope }) => {
    const q = new URLSearchParams({
      scope: changes.scope ?? scope,
      status: list.filter.status,
      ...(list.filter.q ? { q: list.filter.q } : {}),
      page: String(changes.page ?? 1),
    });
    return `/${slug}/transactions?${q.toString()}`;
  };
  const pageHref = (page: number) => listHref({ page });

  return (
    <>
      <PageHeader
        title="Transactions"
        description="Every deal from listing to closing, with its tasks and documents."
        action={canWrite ? <CreateLoopButton organization={slug} /> : undefined}
      />
      <LoopFilters
        status={list.filter.status}
        q={list.filter.q}
        scope={scope}
        scopeHref={(s) => listHref({ scope: s })}
      />
      {list.loops.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No transactions match"
            description="Try another status or a different part of the address."
            action={
              <Link
                className={buttonClasses("secondary", "sm")}
                href={`/${slug}/transactions?scope=${scope}`}
              >
                Clear filters
              </Link>
            }
          />
        ) : scope === "mine" ? (
          <EmptyState
            title="You're not on any transactions yet"
            description="Transactions you create or are added to as one of the people show up here."
            action={
              <Link className={buttonClasses("secondary", "sm")} href={listHref({ scope: "all" })}>
                Show all transactions
              </Link>
            }
          />
        ) : (
          <EmptyState
            title="No transactions yet"
            description="Create a transaction for each property you're working on. It comes with a task for every stage, from pre-listing to closing."
            action={
              canWrite ? (
                <CreateLoopButton organization={slug} label="Create your first transaction" />
              ) : undefined
            }
          />
        )
      ) : (
        <>
          <LoopsTable organization={slug} loops={list.loops} />
          <nav
            aria-label="Pagination"
            className="mt-4 flex items-center justify-between text-sm text-fg-muted"
          >
            <span>
              {list.total} transaction{list.total === 1 ? "" : "s"} · page {list.page} of {list.pageCount}
            </span>
            <span className="flex gap-2">
              {list.page > 1 && (
                <Link className={buttonClasses("secondary", "sm")} href={pageHref(list.page - 1)}>
                  Previous
                </Link>
              )}
              {list.page < list.pageCount && (
                <Link className={buttonClasses("secondary", "sm")} href={pageHref(list.page + 1)}>
                  Next
                </Link>
              )}
            </span>
          </nav>
        </>
      )}
    </>
  );
}
