// Likely duplicates: pairs of contacts with the same email, phone number or name, each side by side with why it was
// flagged; "Review and merge" opens the field chooser, "Not a duplicate" hides the pair for everyone.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { DismissDuplicateButton } from "@/components/crm/dismiss-duplicate-button";
import { LocalTime } from "@/components/crm/local-time";
import { Badge, buttonClasses, Card, EmptyState } from "@/components/ui";
import { plural } from "@/components/ui/format";
import { requireOrgPage } from "@/lib/auth/guards";
import { findDuplicates, type DuplicateSide } from "@/lib/modules/crm";
import { DUPLICATE_REASON_LABELS, DUPLICATES_LIMIT } from "@/lib/modules/crm/schemas";
import { CrmDenied, crmDenial } from "../../_shared/crm-denied";

export const metadata: Metadata = { title: "Likely duplicates" };

function Side({ org, c }: { org: string; c: DuplicateSide }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5 text-sm">
      <Link href={`/${org}/crm/contacts/${c.id}`} className="font-medium underline-offset-2 hover:underline">
        {c.name}
      </Link>
      {c.email && <span className="break-all">{c.email}</span>}
      {c.phone && <span className="text-fg-muted">{c.phone}</span>}
      {c.company && <span className="text-fg-muted">{c.company}</span>}
      <span className="text-xs text-fg-muted">
        {plural(c.dealCount, "deal")} · added <LocalTime iso={c.createdAt} withTime={false} />
      </span>
    </div>
  );
}

export default async function DuplicatesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm/contacts/duplicates`);
  const denied = crmDenial(ctx, "contacts:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Likely duplicates" />;
  const slug = ctx.organization.slug;
  const canWrite = crmDenial(ctx, "contacts:write") === null;
  const pairs = await findDuplicates(ctx);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-fg-muted">
        <Link href={`/${slug}/crm/contacts`} className="underline-offset-2 hover:underline">
          Contacts
        </Link>{" "}
        / <span aria-current="page">Likely duplicates</span>
      </nav>
      <PageHeader
        title="Likely duplicates"
        description="Contacts with the same email, phone number or name. Merge the ones that are the same person."
      />
      {pairs.length === 0 ? (
        <EmptyState
          title="No likely duplicates"
          description="No two contacts share an email, a phone number or a name (pairs marked “not a duplicate” stay hidden)."
          action={
            <Link href={`/${slug}/crm/contacts`} className={buttonClasses("secondary", "sm")}>
              Back to contacts
            </Link>
          }
        />
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Likely duplicates">
          {pairs.map((p) => (
            <li key={`${p.a.id}-${p.b.id}`}>
              <Card>
                <div className="mb-3 flex flex-wrap gap-1">
                  {p.reasons.map((r) => (
                    <Badge key={r} tone="warning">
                      {DUPLICATE_REASON_LABELS[r]}
                    </Badge>
                  ))}
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <Side org={slug} c={p.a} />
                  <Side org={slug} c={p.b} />
                </div>
                {canWrite && (
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Link
                      href={`/${slug}/crm/contacts/merge?a=${p.a.id}&b=${p.b.id}`}
                      className={buttonClasses("primary", "sm")}
                      aria-label={`Review and merge ${p.a.name} and ${p.b.name}`}
                    >
                      Review and merge
                    </Link>
                    <DismissDuplicateButton organization={slug} a={p.a} b={p.b} />
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {pairs.length === DUPLICATES_LIMIT && (
        <p className="mt-3 text-sm text-fg-muted">
          Showing the first {DUPLICATES_LIMIT}. Merge or dismiss these to see more.
        </p>
      )}
    </>
  );
}
