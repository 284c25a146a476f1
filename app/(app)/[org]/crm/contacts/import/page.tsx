// Import contacts from a CSV file (owners and admins): map its columns (remembered per organization), choose what
// happens to contacts you already have, upload with progress, a report of rejected rows.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { ContactImport } from "@/components/crm/contact-import";
import { formatCount } from "@/components/ui/format";
import { requireOrgPage } from "@/lib/auth/guards";
import { listImportMappings } from "@/lib/modules/crm";
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
        <ContactImport organization={slug} remembered={await listImportMappings(ctx)} />
        <aside className="flex flex-col gap-2 text-sm text-fg-muted" aria-label="How the import works">
          <h2 className="text-base font-semibold text-fg">How it works</h2>
          <p>
            Choose a file and match its columns to contact fields: <strong>name</strong> (or first and last
            name), email, phone, company, status, source, next follow-up, notes. Exports from Follow Up Boss,
            kvCORE, Google and Outlook contacts come up matched; the mapping you import with is remembered for
            the next file with the same columns.
          </p>
          <p>
            Status is one of {CONTACT_STATUSES.map((s) => CONTACT_STATUS_LABELS[s]).join(", ")} (Lead when
            empty). Follow-up dates look like 2026-12-01 or 2026-12-01T09:00:00Z.
          </p>
          <p>
            A row with the email or phone of a contact you already have is skipped, updates that contact (only
            the columns with a value), or becomes a new contact — you choose before importing.
          </p>
          <p>
            Rows with a problem — a missing name, an invalid email, an email twice in the file — are skipped
            and listed with the line, the column and the reason; download them, fix them and import just
            those.
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
