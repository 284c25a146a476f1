"use client";
// The contacts table with row selection. Selecting every row of the page offers "select all N matching",
// which bulk-assigns by the list's filter (resolved on the server) instead of shipping thousands of ids.
import Link from "next/link";
import { useState } from "react";
import { Button, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import { formatCount, personName, plural } from "@/components/ui/format";
import {
  BULK_ASSIGN_MAX,
  type ContactColumn,
  type ContactFilter,
  type TagOption,
} from "@/lib/modules/crm/schemas";
import { BulkAssignDialog, type BulkSelection } from "./bulk-assign-dialog";
import { BulkTagDialog } from "./bulk-tag-dialog";
import { TagList } from "./contact-tags";
import type { AssigneeOption } from "./contact-form";
import { LocalTime } from "./local-time";
import { ContactStatusBadge } from "./status-badge";
import type { ContactListItem } from "@/lib/modules/crm";

export type ContactRow = ContactListItem;

export function ContactsTable({
  organization,
  items,
  total,
  filter,
  canBulk,
  assignees,
  tags,
  hidden = [],
  now,
}: {
  organization: string;
  items: ContactRow[];
  total: number;
  filter: ContactFilter;
  canBulk: boolean;
  assignees: AssigneeOption[];
  /** The organization's tags (for bulk tagging). */
  tags: TagOption[];
  /** Optional columns the list's state hides. */
  hidden?: ContactColumn[];
  /** Server time of the render, so "overdue" is the same on server and client. */
  now: string;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [tagging, setTagging] = useState(false);
  const show = (c: ContactColumn) => !hidden.includes(c);
  const pageIds = items.map((i) => i.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));
  const count = allMatching ? total : selected.size;

  const toggle = (id: string) => {
    setAllMatching(false);
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const togglePage = () => {
    setAllMatching(false);
    setSelected(allOnPage ? new Set() : new Set(pageIds));
  };
  const clear = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const selection: BulkSelection = allMatching
    ? { kind: "filter", filter }
    : { kind: "ids", ids: [...selected] };

  return (
    <div className="flex flex-col gap-3">
      {canBulk && count > 0 && (
        <div
          role="region"
          aria-label="Selection"
          className="flex flex-wrap items-center gap-3 rounded-md border border-accent/30 bg-accent/5 px-3 py-2 text-sm"
        >
          <span aria-live="polite">
            {allMatching
              ? `All ${plural(total, "matching contact")} selected`
              : `${plural(selected.size, "contact")} selected`}
          </span>
          {allOnPage && !allMatching && total > items.length && (
            <Button
              variant="ghost"
              size="sm"
              disabled={total > BULK_ASSIGN_MAX}
              onClick={() => setAllMatching(true)}
            >
              {total > BULK_ASSIGN_MAX
                ? `More than ${formatCount(BULK_ASSIGN_MAX)} match — narrow the filter to select all`
                : `Select all ${formatCount(total)} matching`}
            </Button>
          )}
          <div className="ml-auto flex gap-2">
            <Button size="sm" onClick={() => setAssigning(true)}>
              Assign…
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setTagging(true)}>
              Tag…
            </Button>
            <Button size="sm" variant="secondary" onClick={clear}>
              Clear selection
            </Button>
          </div>
        </div>
      )}
      <Table label="Contacts">
        <THead>
          <Tr>
            {canBulk && (
              <Th className="w-10">
                <input
                  type="checkbox"
                  aria-label="Select all contacts on this page"
                  className="size-4 accent-[var(--accent)]"
                  checked={allOnPage}
                  ref={(el) => {
                    if (el) el.indeterminate = someOnPage && !allOnPage;
                  }}
                  onChange={togglePage}
                />
              </Th>
            )}
            <Th>Name</Th>
            {show("contact") && <Th className="hidden md:table-cell">Email / phone</Th>}
            <Th>Status</Th>
            {show("assignee") && <Th className="hidden sm:table-cell">Assigned to</Th>}
            {show("followUp") && <Th className="hidden lg:table-cell">Follow-up</Th>}
            {show("deals") && <Th className="hidden lg:table-cell text-right">Deals</Th>}
          </Tr>
        </THead>
        <TBody>
          {items.map((c) => {
            const overdue = c.nextFollowUp !== null && c.nextFollowUp <= now;
            return (
              <Tr
                key={c.id}
                aria-selected={canBulk ? selected.has(c.id) || allMatching : undefined}
                className={selected.has(c.id) || allMatching ? "bg-accent/5" : undefined}
              >
                {canBulk && (
                  <Td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${c.name}`}
                      className="size-4 accent-[var(--accent)]"
                      checked={allMatching || selected.has(c.id)}
                      onChange={() => toggle(c.id)}
                    />
                  </Td>
                )}
                <Td>
                  <Link
                    href={`/${organization}/crm/contacts/${c.id}`}
                    className="font-medium text-fg underline-offset-2 hover:underline"
                  >
                    {c.name}
                  </Link>
                  {c.company && <p className="text-xs text-fg-muted">{c.company}</p>}
                  {show("tags") && c.tags.length > 0 && (
                    <div className="mt-1">
                      <TagList tags={c.tags} />
                    </div>
                  )}
                </Td>
                {show("contact") && (
                  <Td className="hidden break-all md:table-cell">
                    {c.email && <p>{c.email}</p>}
                    {c.phone && <p className="text-xs text-fg-muted">{c.phone}</p>}
                    {!c.email && !c.phone && <span className="text-fg-muted">—</span>}
                  </Td>
                )}
                <Td>
                  <ContactStatusBadge status={c.status} />
                </Td>
                {show("assignee") && (
                  <Td className="hidden sm:table-cell">
                    {c.assignee ? personName(c.assignee) : <span className="text-fg-muted">Unassigned</span>}
                  </Td>
                )}
                {show("followUp") && (
                  <Td className="hidden lg:table-cell">
                    {c.nextFollowUp ? (
                      <span className={overdue ? "font-medium text-danger" : undefined}>
                        <LocalTime iso={c.nextFollowUp} withTime={false} />
                        {overdue && <span className="sr-only"> (overdue)</span>}
                      </span>
                    ) : (
                      <span className="text-fg-muted">—</span>
                    )}
                  </Td>
                )}
                {show("deals") && (
                  <Td className="hidden text-right tabular-nums lg:table-cell">{c.dealCount}</Td>
                )}
              </Tr>
            );
          })}
        </TBody>
      </Table>
      <BulkAssignDialog
        open={assigning}
        onClose={() => setAssigning(false)}
        onDone={clear}
        organization={organization}
        assignees={assignees}
        selection={selection}
        count={count}
      />
      <BulkTagDialog
        open={tagging}
        onClose={() => setTagging(false)}
        onDone={clear}
        organization={organization}
        tags={tags}
        selection={selection}
        count={count}
      />
    </div>
  );
}
