import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission, UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import { DocumentUploader } from "@/components/transactions/document-uploader";
import { ComplianceCard } from "@/components/transactions/compliance-card";
import { DocumentSlots } from "@/components/transactions/document-slots";
import { DocumentsTable } from "@/components/transactions/documents-table";
import { formatDate, formatMoney } from "@/components/ui/format";
import { DeleteLoopButton, LoopStatusControl } from "@/components/transactions/loop-controls";
import { KeyDatesPanel } from "@/components/transactions/key-dates-panel";
import { EditLoopButton } from "@/components/transactions/loop-form-dialog";
import { ProgressBar } from "@/components/transactions/progress-bar";
import { LiveLoop } from "@/components/transactions/live-loop";
import { ParticipantsPanel } from "@/components/transactions/participants-panel";
import { LoopStatusBadge } from "@/components/transactions/status-badge";
import { TaskList } from "@/components/transactions/task-list";
import { Card } from "@/components/ui";
import { pageAccess, requireOrgPage, pageReads } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { TRANSACTION_TYPE_LABELS } from "@/lib/modules/transactions/schemas";
import { listTeammates } from "@/lib/modules/organizations";
import { getLoop } from "@/lib/modules/transactions";
import { ALLOWED_TYPES_SUMMARY } from "@/lib/storage/inspect";
import { publicSupabaseConfig } from "@/lib/supabase/projects";

export const metadata: Metadata = { title: "Transaction" };

export default async function LoopPage({ params }: { params: Promise<{ org: string; loopId: string }> }) {
  const { org, loopId } = await params;
  const ctx = await requireOrgPage(org, `/${org}/transactions/${loopId}`);
  const slug = ctx.organization.slug;
  const denied = pageAccess(ctx, "loops:read");
  if (denied?.layer === "tier") {
    return (
      <UpgradePrompt
        feature="Transactions"
        requiredTier={denied.requiredTier}
        canUpgrade={pageAccess(ctx, "plan:manage") === null}
        planHref={`/${slug}/settings/plan`}
      />
    );
  }
  if (denied) return <NoPermission message={denied.message} />;

  const canWrite = pageAccess(ctx, "loops:write") === null;
  // Teammates who can be added as people on the loop (only needed by those who may add them).
  const [loop, teammates] = await pageReads(ctx, () =>
    Promise.all([getLoop(ctx, loopId), canWrite ? listTeammates(ctx) : Promise.resolve([])]),
  ).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const docsDenied = pageAccess(ctx, "documents:read");
  const canUpload = pageAccess(ctx, "documents:write") === null;
  const done = loop.tasks.filter((t) => t.completed).length;
  const facts = [
    TRANSACTION_TYPE_LABELS[loop.transactionType],
    loop.listingPrice ? formatMoney(loop.listingPrice) : null,
    loop.expectedClosing ? `closing ${formatDate(loop.expectedClosing)}` : null,
  ].filter(Boolean);

  return (
    <>
      <Link
        href={`/${slug}/transactions`}
        className="mb-3 inline-block text-sm text-fg-muted underline-offset-2 hover:underline"
      >
        ← All transactions
      </Link>
      <PageHeader
        title={loop.propertyAddress}
        description={facts.join(" · ")}
        action={
          canWrite ? (
            <div className="flex flex-wrap items-center gap-2">
              <LoopStatusControl organization={slug} loopId={loop.id} status={loop.status} />
              <EditLoopButton
                organization={slug}
                loopId={loop.id}
                values={{
                  propertyAddress: loop.propertyAddress,
                  transactionType: loop.transactionType,
                  listingPrice: loop.listingPrice ?? "",
                  expectedClosing: loop.expectedClosing ?? "",
                }}
              />
              <DeleteLoopButton
                organization={slug}
                loopId={loop.id}
                address={loop.propertyAddress}
                documentCount={loop.documents.length}
              />
            </div>
          ) : (
            <LoopStatusBadge status={loop.status} />
          )
        }
      />
      <div className="flex flex-col gap-6">
        <LiveLoop key={loop.id} loopId={loop.id} supabase={publicSupabaseConfig()} />
        <Card aria-labelledby="progress-heading">
          <div className="mb-2 flex items-baseline justify-between gap-2">
            <h2 id="progress-heading" className="text-base font-semibold">
              Progress
            </h2>
            <span className="text-sm text-fg-muted">
              {done} of {loop.tasks.length} task{loop.tasks.length === 1 ? "" : "s"} done
            </span>
          </div>
          <ProgressBar value={loop.progress} label="Transaction progress" />
        </Card>

        <ParticipantsPanel
          organization={slug}
          loopId={loop.id}
          transactionType={loop.transactionType}
          participants={loop.participants}
          teammates={teammates}
          canWrite={canWrite}
          canCreateContacts={pageAccess(ctx, "contacts:write") === null}
        />

        <KeyDatesPanel organization={slug} loopId={loop.id} keyDates={loop.keyDates} canWrite={canWrite} />

        <TaskList
          organization={slug}
          loopId={loop.id}
          tasks={loop.tasks}
          members={loop.members}
          canWrite={canWrite}
        />

        <section aria-labelledby="documents-heading" className="flex flex-col gap-3">
          <h2 id="documents-heading" className="text-base font-semibold">
            Documents
          </h2>
          {docsDenied?.layer === "tier" ? (
            <UpgradePrompt
              feature="Documents"
              requiredTier={docsDenied.requiredTier}
              canUpgrade={pageAccess(ctx, "plan:manage") === null}
              planHref={`/${slug}/settings/plan`}
            />
          ) : docsDenied ? (
            <NoPermission message={docsDenied.message} />
          ) : (
            <>
              <ComplianceCard
                organization={slug}
                loopId={loop.id}
                compliance={loop.compliance}
                reviewRequested={loop.reviewRequested}
                toSubmit={
                  loop.slots.flatMap((s) => s.documents).filter((d) => d.reviewStatus === "NOT_SUBMITTED")
                    .length
                }
                closingNeedsApproval={loop.closingNeedsApproval}
                canSubmit={canUpload}
              />
              <DocumentSlots
                organization={slug}
                loopId={loop.id}
                slots={loop.slots}
                maxBytes={env().DOCUMENT_MAX_BYTES}
                canUpload={canUpload}
                canReview={pageAccess(ctx, "reviews:manage") === null}
                canManageSlots={canWrite}
              />
              {loop.slots.length > 0 && <h3 className="mt-2 text-sm font-semibold">Other documents</h3>}
              {canUpload && (
                <DocumentUploader
                  organization={slug}
                  loopId={loop.id}
                  maxBytes={env().DOCUMENT_MAX_BYTES}
                  allowedSummary={ALLOWED_TYPES_SUMMARY}
                />
              )}
              {loop.unfiledDocuments.length === 0 && loop.slots.length > 0 ? (
                <p className="text-sm text-fg-muted">
                  Every document is in the checklist. Files that belong in none of its slots show up here.
                </p>
              ) : (
                <DocumentsTable
                  organization={slug}
                  documents={loop.unfiledDocuments}
                  canDelete={canUpload}
                  slots={canUpload ? loop.slots : []}
                  label={loop.slots.length > 0 ? "Other documents" : "Documents"}
                />
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}
