// Checklist templates: what a new transaction of each type starts with. Owners and admins edit them; everyone who
// reads transactions can see them. Editing a template changes transactions created afterwards, never existing ones.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission, UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import { TemplateEditor } from "@/components/transactions/template-editor";
import { EmptyState, cn } from "@/components/ui";
import { formatDate, personName, plural } from "@/components/ui/format";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { listTemplates } from "@/lib/modules/transactions";
import { TRANSACTION_TYPE_LABELS } from "@/lib/modules/transactions/schemas";

export const metadata: Metadata = { title: "Checklist templates" };

export default async function TemplatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ type?: string | string[] }>;
}) {
  const { org } = await params;
  const { type } = await searchParams;
  const ctx = await requireOrgPage(org, `/${org}/settings/templates`);
  const slug = ctx.organization.slug;
  const denied = pageAccess(ctx, "loops:read");
  if (denied?.layer === "tier") {
    return (
      <UpgradePrompt
        feature="Checklist templates"
        requiredTier={denied.requiredTier}
        canUpgrade={pageAccess(ctx, "plan:manage") === null}
        planHref={`/${slug}/settings/plan`}
      />
    );
  }
  if (denied) return <NoPermission message={denied.message} />;
  const canEdit = pageAccess(ctx, "templates:manage") === null;
  const templates = await listTemplates(ctx);
  const current = templates.find((t) => t.transactionType === type) ?? templates[0];

  return (
    <>
      <Link
        href={`/${slug}/settings`}
        className="mb-3 inline-block text-sm text-fg-muted underline-offset-2 hover:underline"
      >
        ← Settings
      </Link>
      <PageHeader
        title="Checklist templates"
        description="What a new transaction starts with, by type: its tasks, when they are due and the documents it needs. Changes apply to transactions created from now on; existing ones keep their checklist."
      />
      {!current ? (
        <EmptyState
          title="No templates"
          description="This organization has no checklist templates. New transactions start with an empty checklist."
        />
      ) : (
        <div className="flex flex-col gap-6">
          <nav aria-label="Transaction types" className="flex flex-wrap gap-2">
            {templates.map((t) => {
              const active = t.id === current.id;
              return (
                <Link
                  key={t.id}
                  href={`/${slug}/settings/templates?type=${t.transactionType}`}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "rounded-lg border px-3 py-2 text-sm",
                    active
                      ? "border-accent bg-accent/10 font-medium"
                      : "border-border bg-surface hover:bg-surface-muted",
                  )}
                >
                  {TRANSACTION_TYPE_LABELS[t.transactionType]}
                  <span className="block text-xs text-fg-muted">
                    {plural(t.tasks.length, "task")} · {plural(t.documents.length, "document")}
                  </span>
                </Link>
              );
            })}
          </nav>
          {!canEdit && (
            <p className="text-sm text-fg-muted">Only owners and admins change checklist templates.</p>
          )}
          <TemplateEditor key={current.id} organization={slug} template={current} canEdit={canEdit} />
          <p className="text-xs text-fg-muted">
            {current.name}
            {current.editor
              ? ` · last changed by ${personName(current.editor)} on ${formatDate(current.updatedAt)}`
              : " · as Hearth set it up"}
          </p>
        </div>
      )}
    </>
  );
}
