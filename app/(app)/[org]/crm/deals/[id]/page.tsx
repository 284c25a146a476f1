// A deal: its contact, value, assignee and stage; the stage history (who moved it, from what to what, when, why it
// closed); notes; and the transaction it became, or a way to start one.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { DealActions } from "@/components/crm/deal-dialogs";
import { DealHistory } from "@/components/crm/deal-history";
import { DealNoteForm, DealStageMover } from "@/components/crm/deal-page-controls";
import { Detail } from "@/components/crm/detail";
import { LocalTime } from "@/components/crm/local-time";
import { DealStageBadge } from "@/components/crm/status-badge";
import { StartLoopFromDealButton } from "@/components/transactions/loop-form-dialog";
import { Card, CardHeader, EmptyState } from "@/components/ui";
import { formatMoney, personName } from "@/components/ui/format";
import { pageAccess, requireOrgPage, pageReads } from "@/lib/auth/guards";
import { getDealDetail } from "@/lib/modules/crm";
import { listAssignees } from "@/lib/modules/organizations";
import { LOOP_STATUS_LABELS, type LoopStatus } from "@/lib/modules/transactions/schemas";
import { CrmDenied, crmDenial } from "../../_shared/crm-denied";

export const metadata: Metadata = { title: "Deal" };

export default async function DealPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm/deals/${id}`);
  const denied = crmDenial(ctx, "deals:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Deal" />;
  const slug = ctx.organization.slug;
  const [deal, assignees] = await pageReads(ctx, () =>
    Promise.all([getDealDetail(ctx, id), listAssignees(ctx)]),
  );
  if (!deal) notFound();
  const canWrite = crmDenial(ctx, "deals:write") === null;
  const showLoops = pageAccess(ctx, "loops:read") === null;
  const canStartLoop = canWrite && pageAccess(ctx, "loops:write") === null;
  const none = <span className="text-fg-muted">—</span>;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-fg-muted">
        <Link href={`/${slug}/crm/deals`} className="underline-offset-2 hover:underline">
          Deals
        </Link>{" "}
        / <span aria-current="page">{deal.title}</span>
      </nav>
      <PageHeader
        title={deal.title}
        description={`${formatMoney(deal.value)} · ${deal.contact.name}`}
        action={
          canWrite ? (
            <>
              <DealStageMover organization={slug} deal={deal} />
              <DealActions
                organization={slug}
                assignees={assignees}
                deal={deal}
                afterDeleteHref={`/${slug}/crm/deals`}
              />
            </>
          ) : undefined
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title="Details" />
          <dl className="flex flex-col gap-3">
            <Detail label="Stage">
              <DealStageBadge stage={deal.stage} />
            </Detail>
            {deal.stage === "CLOSED_LOST" && (
              <Detail label="Why it was lost">{deal.lostReason ?? none}</Detail>
            )}
            {deal.closedAt && (
              <Detail label={deal.stage === "CLOSED_WON" ? "Won on" : "Closed on"}>
                <LocalTime iso={deal.closedAt} withTime={false} />
              </Detail>
            )}
            <Detail label={deal.stage === "CLOSED_WON" ? "Closed value" : "Value"}>
              <span className="tabular-nums">{formatMoney(deal.value)}</span>
            </Detail>
            <Detail label="Contact">
              <Link
                href={`/${slug}/crm/contacts/${deal.contact.id}`}
                className="underline-offset-2 hover:underline"
              >
                {deal.contact.name}
              </Link>
            </Detail>
            <Detail label="Assigned to">{personName(deal.assignee)}</Detail>
            <Detail label="Expected close">
              {deal.expectedClose ? (
                <LocalTime iso={`${deal.expectedClose}T12:00:00Z`} withTime={false} />
              ) : (
                none
              )}
            </Detail>
            <Detail label="Added">
              <LocalTime iso={deal.createdAt} withTime={false} /> by{" "}
              {personName(deal.creator, "a former member")}
            </Detail>
          </dl>
        </Card>
        <div className="flex flex-col gap-4 lg:col-span-2">
          {showLoops && (
            <Card>
              <CardHeader
                title="Transaction"
                description="The transaction file this deal became."
                action={
                  !deal.loop && canStartLoop ? (
                    <StartLoopFromDealButton organization={slug} deal={deal} />
                  ) : undefined
                }
              />
              {deal.loop ? (
                <p className="text-sm">
                  <Link
                    href={`/${slug}/transactions/${deal.loop.id}`}
                    className="font-medium underline-offset-2 hover:underline"
                  >
                    {deal.loop.propertyAddress}
                  </Link>{" "}
                  <span className="text-fg-muted">
                    · {LOOP_STATUS_LABELS[deal.loop.status as LoopStatus] ?? deal.loop.status}
                  </span>
                </p>
              ) : (
                <p className="text-sm text-fg-muted">
                  {canStartLoop
                    ? "No transaction yet. When the deal goes ahead, start one from here — it links back to this deal."
                    : "No transaction yet."}
                </p>
              )}
            </Card>
          )}
          <Card>
            <CardHeader
              title="Stage history"
              description="Who moved this deal, from what to what, and when."
            />
            <DealHistory items={deal.history} />
          </Card>
          <Card>
            <CardHeader title="Notes" />
            <div className="flex flex-col gap-4">
              {canWrite && <DealNoteForm organization={slug} dealId={deal.id} />}
              {deal.notes.length === 0 ? (
                <EmptyState
                  title="No notes yet"
                  description={
                    canWrite
                      ? "Calls, showings, what the client said: add it above."
                      : "Notes on this deal show here."
                  }
                />
              ) : (
                <ul className="flex flex-col gap-3" aria-label="Notes">
                  {deal.notes.map((n) => (
                    <li key={n.id} className="rounded-md border border-border p-3 text-sm">
                      <p className="whitespace-pre-wrap break-words">{n.body}</p>
                      <p className="mt-1 text-xs text-fg-muted">
                        {personName(n.author, "A former member")} · <LocalTime iso={n.createdAt} />
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
