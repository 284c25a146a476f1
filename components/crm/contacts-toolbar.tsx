"use client";
// Search, filters, sort and page size above the contacts table. The URL is the state: every change navigates
// (shareable links, the back button works) and goes back to the first page.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Button, Checkbox, Input, Select } from "@/components/ui";
import {
  CONTACT_COLUMN_LABELS,
  CONTACT_COLUMNS,
  CONTACT_SORT_LABELS,
  CONTACT_SORTS,
  CONTACT_STATUS_LABELS,
  CONTACT_STATUSES,
  FOLLOW_UP_FILTER_LABELS,
  FOLLOW_UP_FILTERS,
  PAGE_SIZES,
  type SavedViewItem,
  type TagOption,
} from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";
import { listHref, type ListState } from "./list-href";
import { personName } from "@/components/ui/format";
import { SavedViews } from "./saved-views";

export function ContactsToolbar({
  organization,
  state,
  assignees,
  tags,
  views,
  canShare,
}: {
  organization: string;
  state: ListState;
  assignees: AssigneeOption[];
  tags: TagOption[];
  views: SavedViewItem[];
  /** Whether the user may share a view with the organization. */
  canShare: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, start] = useTransition();
  const [q, setQ] = useState(state.q ?? "");
  const typed = useRef(false);
  // The URL changed under us (back button, a shared link): show its search, unless it's what we typed.
  const [urlQ, setUrlQ] = useState(state.q ?? "");
  if ((state.q ?? "") !== urlQ) {
    setUrlQ(state.q ?? "");
    if ((state.q ?? "") !== q.trim()) setQ(state.q ?? "");
  }

  const go = (next: Partial<ListState>, replace = false) =>
    start(() => {
      const href = listHref(pathname, { ...state, ...next });
      if (replace) router.replace(href);
      else router.push(href);
    });

  // Search as you type (replacing the history entry); Enter commits it as a new entry.
  useEffect(() => {
    if (!typed.current || q.trim() === (state.q ?? "")) return;
    const t = setTimeout(() => go({ q: q.trim() || undefined }, true), 350);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text schedules a search
  }, [q]);

  const filtered = Boolean(state.q || state.status || state.assignee || state.followUp || state.tag);
  const hidden = new Set(state.hide ?? []);
  return (
    <div className="mb-4 flex flex-col gap-3" aria-busy={pending || undefined}>
      <SavedViews organization={organization} state={state} views={views} canShare={canShare} />
      <form
        role="search"
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: q.trim() || undefined });
        }}
      >
        <Input
          label="Search contacts"
          type="search"
          placeholder="Name, email, phone or company"
          className="flex-1"
          value={q}
          onChange={(e) => {
            typed.current = true;
            setQ(e.target.value);
          }}
        />
        <Button type="submit" variant="secondary" className="self-end" pending={pending}>
          Search
        </Button>
      </form>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <Select
          label="Status"
          placeholder="Any status"
          options={CONTACT_STATUSES.map((s) => ({ value: s, label: CONTACT_STATUS_LABELS[s] }))}
          value={state.status ?? ""}
          onChange={(e) => go({ status: e.target.value || undefined })}
        />
        <Select
          label="Assigned to"
          placeholder="Anyone"
          options={[
            { value: "me", label: "Me" },
            { value: "none", label: "Nobody" },
            ...assignees.map((a) => ({ value: a.id, label: personName(a) })),
          ]}
          value={state.assignee ?? ""}
          onChange={(e) => go({ assignee: e.target.value || undefined })}
        />
        <Select
          label="Follow-up"
          placeholder="Any"
          options={FOLLOW_UP_FILTERS.map((f) => ({ value: f, label: FOLLOW_UP_FILTER_LABELS[f] }))}
          value={state.followUp ?? ""}
          onChange={(e) => go({ followUp: e.target.value || undefined })}
        />
        <Select
          label="Tag"
          placeholder={tags.length ? "Any tag" : "No tags yet"}
          options={tags.map((t) => ({ value: t.id, label: t.name }))}
          value={state.tag ?? ""}
          onChange={(e) => go({ tag: e.target.value || undefined })}
        />
        <Select
          label="Sort by"
          options={CONTACT_SORTS.map((s) => ({ value: s, label: CONTACT_SORT_LABELS[s] }))}
          value={state.sort}
          onChange={(e) => go({ sort: e.target.value })}
        />
        <Select
          label="Per page"
          options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
          value={String(state.size)}
          onChange={(e) => go({ size: Number(e.target.value) })}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <legend className="sr-only">Columns</legend>
          <span aria-hidden="true" className="text-fg-muted">
            Columns:
          </span>
          {CONTACT_COLUMNS.map((c) => (
            <Checkbox
              key={c}
              label={`Show ${CONTACT_COLUMN_LABELS[c].toLowerCase()}`}
              checked={!hidden.has(c)}
              onChange={(e) =>
                go({
                  hide: CONTACT_COLUMNS.filter((x) => (x === c ? !e.target.checked : hidden.has(x))),
                })
              }
            />
          ))}
        </fieldset>
        {filtered && (
          <Button
            variant="ghost"
            size="sm"
            className="ml-auto"
            onClick={() => {
              setQ("");
              go({
                q: undefined,
                status: undefined,
                assignee: undefined,
                followUp: undefined,
                tag: undefined,
              });
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
