// A contact: details, deals, the transactions they take part in, and its timeline (notes, calls, meetings, emails,
// reminders, deals, transactions and changes, filtered by ?show=); edit and delete.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { ContactTags } from "@/components/crm/contact-tags";
import { ContactTimeline } from "@/components/crm/contact-timeline";
import { DeleteContactButton, EditContactButton } from "@/components/crm/contact-dialogs";
import { DealActions, NewDealButton } from "@/components/crm/deal-dialogs";
import { formatMoney, personName } from "@/components/ui/format";
import { Detail } from "@/components/crm/detail";
import { LocalTime } from "@/components/crm/local-time";
import { ContactStatusBadge, DealStageBadge } from "@/components/crm/status-badge";
import { ContactLoops } from "@/components/transactions/contact-loops";
import { Card, CardHeader, EmptyState, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import { pageAccess, requireOrgPage, pageReads } from "@/lib/auth/guards";
import { getContactDetail, getContactTimeline, listTags } from "@/lib/modules/crm";
import { parseTimelineKinds } from "@/lib/modules/crm/schemas";
import { listAssignees } from "@/lib/modules/organizations";
import { listLoopsOfContact } from "@/lib/modules/transactions";
import { CrmDenied, crmDenial } from "../../_shared/crm-denied";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org, id } = await params;
  const kinds = parseTimelineKinds((await searchParams).show);
  const ctx = await requireOrgPage(org, `/${org}/crm/contacts/${id}`);
  const denied = crmDenial(ctx, "contacts:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="Contact" />;
  const slug = ctx.organization.slug;
  // The transactions card needs a plan with transactions.
  const showLoops = pageAccess(ctx, "loops:read") === null;
  const [contact, assignees, loops, allTags, timeline] = await pageReads(ctx, () =>
    Promise.all([
      getContactDetail(ctx, id),
      listAssignees(ctx),
      showLoops ? listLoopsOfContact(ctx, id) : Promise.resolve([]),
      listTags(ctx),
      getContactTimeline(ctx, id, { kinds }),
    ]),
  );
  if (!contact) notFound();
  const canWrite = crmDenial(ctx, "contacts:write") === null;
  const canWriteDeals = crmDenial(ctx, "deals:write") === null;
  const overdue = contact.nextFollowUp !== null && new Date(contact.nextFollowUp) <= new Date();
  const none = <span className="text-fg-muted">—</span>;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-fg-muted">
        <Link href={`/${slug}/crm/contacts`} className="underline-offset-2 hover:underline">
          Contacts
        </Link>{" "}
        / <span aria-current="page">{contact.name}</span>
      </nav>
      <PageHeader
        title={contact.name}
        description={[contact.company, contact.email].filter(Boolean).join(" · ") || undefined}
        action={
          canWrite ? (
            <>
              <EditContactButton organization={slug} assignees={assignees} contact={contact} />
              <DeleteContactButton organization={slug} contact={contact} dealCount={contact.deals.length} />
            </>
          ) : undefined
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title="Details" />
          <dl className="flex flex-col gap-3">
            <Detail label="Status">
              <ContactStatusBadge status={contact.status} />
            </Detail>
            <Detail label="Next follow-up">
              {contact.nextFollowUp ? (
                <span className={overdue ? "font-medium text-danger" : undefined}>
                  <LocalTime iso={contact.nextFollowUp} />
                  {overdue && " (overdue)"}
                </span>
              ) : (
                "None scheduled"
              )}
            </Detail>
            <Detail label="Assigned to">{personName(contact.assignee)}</Detail>
            <Detail label="Tags">
              <ContactTags
                organization={slug}
                contactId={contact.id}
                tags={contact.tags}
                allTags={allTags}
                canWrite={canWrite}
              />
            </Detail>
            <Detail label="Email">
              {contact.email ? (
                <a className="underline-offset-2 hover:underline" href={`mailto:${contact.email}`}>
                  {contact.email}
                </a>
              ) : (
                none
              )}
            </Detail>
            <Detail label="Phone">
              {contact.phone ? (
                <a
                  className="underline-offset-2 hover:underline"
                  href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}
                >
                  {contact.phone}
                </a>
              ) : (
                none
              )}
            </Detail>
            <Detail label="Company">{contact.company ?? none}</Detail>
            <Detail label="Source">{contact.source ?? none}</Detail>
            <Detail label="Notes">
              {contact.notes ? <span className="whitespace-pre-wrap">{contact.notes}</span> : none}
            </Detail>
            <Detail label="Added">
              <LocalTime iso={contact.createdAt} withTime={false} /> by{" "}
              {personName(contact.creator, "an import or a former member")}
            </Detail>
          </dl>
        </Card>
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Card>
            <CardHeader
              title="Deals"
              action={
                canWriteDeals ? (
                  <NewDealButton
                    organization={slug}
                    assignees={assignees}
                    contact={{ id: contact.id, name: contact.name }}
                    label="Add deal"
                    variant="secondary"
                  />
                ) : undefined
              }
            />
            {contact.deals.length === 0 ? (
              <EmptyState
                title="No deals yet"
                description={
                  canWriteDeals
                    ? "Add a deal to track what this contact is buying or selling."
                    : "Deals for this contact will show up here."
                }
              />
            ) : (
              <Table label={`Deals of ${contact.name}`}>
                <THead>
                  <Tr>
                    <Th>Deal</Th>
                    <Th>Stage</Th>
                    <Th className="text-right">Value</Th>
                    <Th className="hidden sm:table-cell">Expected close</Th>
                    {canWriteDeals && (
                      <Th>
                        <span className="sr-only">Actions</span>
                      </Th>
                    )}
                  </Tr>
                </THead>
                <TBody>
                  {contact.deals.map((d) => (
                    <Tr key={d.id}>
                      <Td>
                        <Link
                          href={`/${slug}/crm/deals/${d.id}`}
                          className="underline-offset-2 hover:underline"
                        >
                          {d.title}
                        </Link>
                        <p className="text-xs text-fg-muted">{personName(d.assignee)}</p>
                      </Td>
                      <Td>
                        <DealStageBadge stage={d.stage} />
                      </Td>
                      <Td className="text-right tabular-nums">{formatMoney(d.value)}</Td>
                      <Td className="hidden sm:table-cell">
                        {d.expectedClose ? (
                          <LocalTime iso={`${d.expectedClose}T12:00:00Z`} withTime={false} />
                        ) : (
                          none
                        )}
                      </Td>
                      {canWriteDeals && (
                        <Td className="text-right">
                          <DealActions
                            organization={slug}
                            assignees={assignees}
                            deal={{ ...d, contact: { id: contact.id, name: contact.name } }}
                          />
                        </Td>
                      )}
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
          {showLoops && (
            <Card>
              <CardHeader title="Transactions" description="The transactions this contact takes part in." />
              <ContactLoops organization={slug} contactName={contact.name} loops={loops} />
            </Card>
          )}
          <Card>
            <CardHeader
              title="Timeline"
              description="Notes, calls, meetings, emails, reminders and every change, newest first."
            />
            <ContactTimeline
              organization={slug}
              contact={{ id: contact.id, name: contact.name }}
              initial={timeline}
              kinds={kinds}
              viewer={{ id: ctx.user.id, canWrite, canManage: ctx.role === "OWNER" || ctx.role === "ADMIN" }}
              assignees={assignees}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
