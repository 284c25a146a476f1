import Link from "next/link";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import { formatDate, formatMoney } from "@/components/ui/format";
import { TRANSACTION_TYPE_LABELS } from "@/lib/modules/transactions/schemas";
import { ComplianceBadge } from "./compliance-badge";
import { ProgressBar } from "./progress-bar";
import { LoopStatusBadge } from "./status-badge";
import type { LoopSummary } from "@/lib/modules/transactions";

export type LoopRow = LoopSummary;

/** The organization's transaction loops; the address links to the loop. */
export function LoopsTable({ organization, loops }: { organization: string; loops: LoopRow[] }) {
  return (
    <Table label="Transactions">
      <THead>
        <Tr>
          <Th>Property</Th>
          <Th>Status</Th>
          <Th>Compliance</Th>
          <Th className="hidden sm:table-cell">Type</Th>
          <Th className="hidden text-right md:table-cell">Listing price</Th>
          <Th className="hidden md:table-cell">Expected closing</Th>
          <Th className="w-40">Progress</Th>
        </Tr>
      </THead>
      <TBody>
        {loops.map((loop) => (
          <Tr key={loop.id}>
            <Td>
              <Link
                href={`/${organization}/transactions/${loop.id}`}
                className="font-medium text-fg underline-offset-2 hover:underline"
              >
                {loop.propertyAddress}
              </Link>
              <span className="block text-xs text-fg-muted">
                {loop.taskCount} task{loop.taskCount === 1 ? "" : "s"} · {loop.documentCount} document
                {loop.documentCount === 1 ? "" : "s"}
              </span>
            </Td>
            <Td>
              <LoopStatusBadge status={loop.status} />
            </Td>
            <Td>
              <ComplianceBadge compliance={loop.compliance} />
            </Td>
            <Td className="hidden sm:table-cell">{TRANSACTION_TYPE_LABELS[loop.transactionType]}</Td>
            <Td className="hidden text-right tabular-nums md:table-cell">{formatMoney(loop.listingPrice)}</Td>
            <Td className="hidden whitespace-nowrap md:table-cell">{formatDate(loop.expectedClosing)}</Td>
            <Td>
              <ProgressBar value={loop.progress} label={`Progress of ${loop.propertyAddress}`} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
