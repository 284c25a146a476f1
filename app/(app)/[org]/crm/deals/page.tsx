// Deals: the pipeline by stage with counts and sums; new/edit/delete deals and move them between stages.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { NewDealButton } from "@/components/crm/deal-dialogs";
import { formatMoney, plural } from "@/components/ui/format";
import { PipelineBoard } from "@/components/crm/pipeline-board";
import { EmptyState } from "@/components/ui";
import { requireOrgPage, pageReads } from "@/lib/auth/guards";
import { getPipeline } from "@/lib/modules/crm";
import { listAssignees } from "@/lib/modules/organizations";
import { CrmDenied, crmDenial } from "../_shared/crm-denied";

export const metadata: Metadata = { title: "Deals" };

export default async function DealsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm/deals`);
  const denied = crmDenial(ctx, "deals:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Deals" />;
  const slug = ctx.organization.slug;
  const canWrite = crmDenial(ctx, "deals:write") === null;
  const [columns, assignees] = await pageReads(ctx, () =>
    Promise.all([getPipeline(ctx), listAssignees(ctx)]),
  );
  const total = columns.reduce((n, c) => n + c.count, 0);
  const open = columns
    .filter((c) => c.stage !== "CLOSED_WON" && c.stage !== "CLOSED_LOST")
    .reduce((n, c) => n + Number(c.sum), 0);
  return (
    <>
      <PageHeader
        title="Deals"
        description={
          total
            ? `${plural(total, "deal")} · ${formatMoney(open)} open in the pipeline`
            : "Your pipeline, stage by stage."
        }
        action={canWrite ? <NewDealButton organization={slug} assignees={assignees} /> : undefined}
      />
      {total === 0 ? (
        <EmptyState
          title="No deals yet"
          description={
            canWrite
              ? "Add a deal for one of your contacts to start your pipeline."
              : "Deals your team adds will show up here."
          }
          action={
            canWrite ? (
              <NewDealButton organization={slug} assignees={assignees} label="Add your first deal" />
            ) : undefined
          }
        />
      ) : (
        <PipelineBoard organization={slug} columns={columns} canWrite={canWrite} assignees={assignees} />
      )}
    </>
  );
}
