import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LogoutButton } from "@/components/app-shell/logout-button";
import { PageHeader } from "@/components/app-shell/page-header";
import { OpenOrganizationButton } from "@/components/support/open-organization-button";
import { EmptyState, Input, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { FilterForm } from "@/components/ui/filter-form";
import { tierLabel } from "@/lib/modules/organizations/schemas";
import { requireAuth } from "@/lib/auth/guards";
import { searchOrganizationsForSupport } from "@/lib/modules/support";
import { supportSearchSchema } from "@/lib/modules/support/schemas";

export const metadata: Metadata = { title: "Support" };

const time = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

// Platform support staff's home: every organization by name or slug, each opened read-only with a reason
// (decision 0027). Anyone else gets a 404, like any page they can't use.
export default async function SupportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const user = await requireAuth("/support");
  if (user.globalRole !== "SUPPORT") notFound();
  const { q } = supportSearchSchema.parse(await searchParams);
  const organizations = await searchOrganizationsForSupport(user, q);
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8">
      <PageHeader
        title="Support"
        description={`Signed in as ${user.email}. Open an organization to read it as its admins do — nothing can be changed, every entry is in its audit log, and it ends after an hour.`}
        action={<LogoutButton />}
      />
      <FilterForm className="mb-4 flex items-end gap-2" aria-label="Find an organization">
        <Input
          type="search"
          name="q"
          label="Find an organization"
          placeholder="Name or web address"
          defaultValue={q ?? ""}
        />
      </FilterForm>
      {organizations.length === 0 ? (
        <EmptyState
          title="No organization matches"
          description="Search by the organization's name or its web address (e.g. maple-realty)."
        />
      ) : (
        <Table label="Organizations">
          <THead>
            <Tr>
              <Th>Organization</Th>
              <Th>Web address</Th>
              <Th>Plan</Th>
              <Th>Members</Th>
              <Th>
                <span className="sr-only">Open</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {organizations.map((o) => (
              <Tr key={o.id}>
                <Td className="font-medium">{o.name}</Td>
                <Td className="text-fg-muted">/{o.slug}</Td>
                <Td>{tierLabel(o.tier)}</Td>
                <Td>{o.members}</Td>
                <Td className="text-right">
                  {o.openUntil ? (
                    <Link
                      href={`/${o.slug}/dashboard`}
                      className="font-medium text-accent underline-offset-2 hover:underline"
                    >
                      Open until {time.format(o.openUntil)} UTC
                    </Link>
                  ) : (
                    <OpenOrganizationButton organization={{ id: o.id, name: o.name }} />
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </main>
  );
}
