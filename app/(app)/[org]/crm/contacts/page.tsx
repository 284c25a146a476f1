// Contacts: search, filters, sort and keyset pagination from the URL; selection and bulk assign; new contact.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { NewContactButton } from "@/components/crm/contact-dialogs";
import { ContactsTable } from "@/components/crm/contacts-table";
import { ContactsToolbar } from "@/components/crm/contacts-toolbar";
import { formatCount, plural } from "@/components/ui/format";
import { listHref, type ListState } from "@/components/crm/list-href";
import { CursorPagination } from "@/components/crm/pagination";
import { buttonClasses, EmptyState } from "@/components/ui";
import { pageReads, requireOrgPage } from "@/lib/auth/guards";
import { listContacts, listSavedViews, listTags } from "@/lib/modules/crm";
import { listAssignees } from "@/lib/modules/organizations";
import { CrmDenied, crmDenial } from "../_shared/crm-denied";

export const metadata: Metadata = { title: "Contacts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: SearchParams;
}) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm/contacts`);
  const denied = crmDenial(ctx, "contacts:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Contacts" />;
  const slug = ctx.organization.slug;
  const canWrite = crmDenial(ctx, "contacts:write") === null;
  const canBulk = crmDenial(ctx, "contacts:bulk") === null;

  const sp = await searchParams;
  const [page, assignees, tags, views] = await pageReads(ctx, () =>
    Promise.all([listContacts(ctx, sp), listAssignees(ctx), listTags(ctx), listSavedViews(ctx)]),
  );
  const p = page.params;
  const state: ListState = {
    q: p.q,
    status: p.status,
    assignee: p.assignee,
    followUp: p.followUp,
    tag: p.tag,
    hide: p.hide,
    sort: p.sort,
    size: p.size,
  };
  const filter = { q: p.q, status: p.status, assignee: p.assignee, followUp: p.followUp, tag: p.tag };
  const filtered = Boolean(p.q || p.status || p.assignee || p.followUp || p.tag);
  const path = `/${slug}/crm/contacts`;
  const onFirstPage = page.prevCursor === null;

  return (
    <>
      <PageHeader
        title="Contacts"
        description={`The people ${ctx.organization.name} works with.`}
        action={
          <>
            <Link href={`${path}/duplicates`} className={buttonClasses("secondary")}>
              Find duplicates
            </Link>
            {canBulk && (
              <Link href={`${path}/import`} className={buttonClasses("secondary")}>
                Import CSV
              </Link>
            )}
            {canWrite && <NewContactButton organization={slug} assignees={assignees} me={ctx.user.id} />}
          </>
        }
      />
      <ContactsToolbar
        organization={slug}
        state={state}
        assignees={assignees}
        tags={tags}
        views={views}
        canShare={canWrite}
      />
      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No contacts match"
            description="Try another search or fewer filters."
            action={
              <Link href={path} className={buttonClasses("secondary", "sm")}>
                Clear filters
              </Link>
            }
          />
        ) : (
          <EmptyState
            title="No contacts yet"
            description={
              canWrite
                ? "Add your first contact, or import a CSV file from your spreadsheet or old CRM."
                : "Contacts your team adds will show up here."
            }
            action={
              canWrite ? (
                <NewContactButton
                  organization={slug}
                  assignees={assignees}
                  me={ctx.user.id}
                  label="Add your first contact"
                />
              ) : undefined
            }
          />
        )
      ) : (
        <>
          <ContactsTable
            key={JSON.stringify(p)}
            organization={slug}
            items={page.items}
            total={page.total}
            filter={filter}
            canBulk={canBulk}
            assignees={assignees}
            tags={tags}
            hidden={p.hide}
            now={new Date().toISOString()}
          />
          <CursorPagination
            summary={`${plural(page.total, filtered ? "matching contact" : "contact")} · ${formatCount(page.items.length)} on this page`}
            prevHref={page.prevCursor ? listHref(path, state, { before: page.prevCursor }) : null}
            nextHref={page.nextCursor ? listHref(path, state, { after: page.nextCursor }) : null}
            firstHref={onFirstPage ? null : listHref(path, state)}
          />
        </>
      )}
    </>
  );
}
