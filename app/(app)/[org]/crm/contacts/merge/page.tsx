// Merge two contacts: both side by side, the user picks which stays and whose value to keep per field.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { MergeChooser } from "@/components/crm/merge-chooser";
import { buttonClasses, EmptyState } from "@/components/ui";
import { requireOrgPage } from "@/lib/auth/guards";
import { getMergePair } from "@/lib/modules/crm";
import { CrmDenied, crmDenial } from "../../_shared/crm-denied";

export const metadata: Metadata = { title: "Merge contacts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function MergePage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: SearchParams;
}) {
  const { org } = await params;
  const sp = await searchParams;
  const a = one(sp.a);
  const b = one(sp.b);
  const ctx = await requireOrgPage(org, `/${org}/crm/contacts/merge?a=${a}&b=${b}`);
  const denied = crmDenial(ctx, "contacts:write");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Merge contacts" />;
  const slug = ctx.organization.slug;
  const pair = await getMergePair(ctx, a, b);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-fg-muted">
        <Link href={`/${slug}/crm/contacts`} className="underline-offset-2 hover:underline">
          Contacts
        </Link>{" "}
        /{" "}
        <Link href={`/${slug}/crm/contacts/duplicates`} className="underline-offset-2 hover:underline">
          Likely duplicates
        </Link>{" "}
        / <span aria-current="page">Merge</span>
      </nav>
      <PageHeader
        title="Merge contacts"
        description="Choose the contact that stays and the details to keep. Deals, tags and transactions of both move to it."
      />
      {pair ? (
        <MergeChooser organization={slug} pair={pair} />
      ) : (
        <EmptyState
          title="These contacts can't be merged"
          description="One of them no longer exists (deleted or already merged), or both links point to the same contact."
          action={
            <Link href={`/${slug}/crm/contacts/duplicates`} className={buttonClasses("secondary", "sm")}>
              Back to likely duplicates
            </Link>
          }
        />
      )}
    </>
  );
}
