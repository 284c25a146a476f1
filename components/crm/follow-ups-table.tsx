// The next follow-ups with their contact, time and assignee (the CRM dashboard and the manager's dashboard).
import Link from "next/link";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import { personName } from "@/components/ui/format";
import { LocalTime } from "./local-time";

export interface FollowUpRow {
  id: string;
  name: string;
  company: string | null;
  nextFollowUp: string;
  assignee: { name: string | null; email?: string | null } | null;
}

export function FollowUpsTable({ rows, contactsHref }: { rows: FollowUpRow[]; contactsHref: string }) {
  if (rows.length === 0) return <p className="text-sm text-fg-muted">Nothing scheduled this week.</p>;
  return (
    <Table label="Upcoming follow-ups">
      <THead>
        <Tr>
          <Th>Contact</Th>
          <Th>When</Th>
          <Th className="hidden sm:table-cell">Assigned to</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((f) => (
          <Tr key={f.id}>
            <Td>
              <Link
                href={`${contactsHref}/${f.id}`}
                className="font-medium underline-offset-2 hover:underline"
              >
                {f.name}
              </Link>
              {f.company && <p className="text-xs text-fg-muted">{f.company}</p>}
            </Td>
            <Td>
              <LocalTime iso={f.nextFollowUp} />
            </Td>
            <Td className="hidden sm:table-cell">{personName(f.assignee)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
