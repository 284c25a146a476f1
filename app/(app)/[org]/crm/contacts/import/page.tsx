// Import contacts from a CSV file (owners and admins): upload with progress, a report of rejected rows.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { ContactImport } from "@/components/crm/contact-import";
import { formatCount } from "@/components/ui/format";
import { requireOrgPage } from "@/lib/auth/guards";
import {
  CONTACT_STATUS_LABELS,
  CONTACT_STATUSES,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
} from "@/lib/modules/crm/schemas";
import { CrmDenied, crmDenial } from "../../_shared/crm-denied";

export const metadata: Metadata = { title: "Import contacts" };

export default async function ImportContactsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm/contacts/import`);
  const denied = crmDenial(ctx, "contacts:bulk");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Import contacts" />;
  const slug = ctx.organization.slug;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-fg-muted">
        <Link href={`/${slug}/crm/contacts`} className="underline-offset-2 hover:underline">
          Contacts
        </Link>{" "}
        / <span aria-current="page">Import</span>
      </nav>
      <PageHeader
        title="Import contacts"
        description="Bring contacts over from a spreadsheet or another CRM."
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <ContactImport organization={slug} />
        <aside className="flex flex-col gap-2 text-sm text-fg-muted" aria-label="How the import works">
          <h2 className="text-base font-semibold text-fg">How it works</h2>
          <p>
            Columns: <strong>name</strong> (required), email, phone, company, status, source, next_follow_up,
            notes. Other columns are ignored.
          </p>
          <p>
            Status is one of {CONTACT_STATUSES.map((s) => CONTACT_STATUS_LABELS[s]).join(", ")} (Lead when
            empty). Follow-up dates look like 2026-12-01 or 2026-12-01T09:00:00Z.
          </p>
          <p>
            Rows with a problem — a missing name, an invalid email, an email already in your organization or
            twice in the file — are skipped and listed with the reason; download them, fix them and import
            just those.
          </p>
          <p>
            If the file itself is damaged (cut off, not UTF-8 text) or the upload is interrupted,{" "}
            <strong>nothing</strong> is imported, so you can simply try again. Up to{" "}
            {IMPORT_MAX_BYTES / (1024 * 1024)} MB and {formatCount(IMPORT_MAX_ROWS)} rows per file.
          </p>
        </aside>
      </div>
    </>
  );
}
