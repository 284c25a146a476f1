// The transactions a CRM contact takes part in (their page's "Transactions" card): address, role, status.
import Link from "next/link";
import { EmptyState, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import type { ContactLoop } from "@/lib/modules/transactions";
import { PARTICIPANT_ROLE_LABELS, TRANSACTION_TYPE_LABELS } from "@/lib/modules/transactions/schemas";
import { LoopStatusBadge } from "./status-badge";

export function ContactLoops({
  organization,
  contactName,
  loops,
}: {
  organization: string;
  contactName: string;
  loops: ContactLoop[];
}) {
  if (loops.length === 0) {
    return (
      <EmptyState
        title="Not on any transaction yet"
        description="Add this contact to a transaction from its page, under People, as buyer, seller, lender or any other role."
      />
    );
  }
  return (
    <Table label={`Transactions of ${contactName}`}>
      <THead>
        <Tr>
          <Th>Property</Th>
          <Th>Role</Th>
          <Th>Status</Th>
        </Tr>
      </THead>
      <TBody>
        {loops.map((loop) => (
          <Tr key={loop.loopId}>
            <Td>
              <Link
                href={`/${organization}/transactions/${loop.loopId}`}
                className="font-medium underline-offset-2 hover:underline"
              >
                {loop.propertyAddress}
              </Link>
              <span className="block text-xs text-fg-muted">
                {TRANSACTION_TYPE_LABELS[loop.transactionType]}
              </span>
            </Td>
            <Td>{loop.roles.map((r) => PARTICIPANT_ROLE_LABELS[r]).join(", ")}</Td>
            <Td>
              <LoopStatusBadge status={loop.status} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
