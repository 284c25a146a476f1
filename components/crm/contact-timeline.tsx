"use client";
// A contact's timeline (decision 0023): one list, newest first, of what was logged, reminders (the follow-up date
// among them), deals, transactions and changes, with filters by kind that live in the URL (?show=call,note) and
// "Show older" that fetches the next page by its cursor. The page renders the first page on the server; after a
// write the page refreshes and the list starts again from it.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { describeEntry } from "@/components/activity/wording";
import { useRunAction } from "@/components/forms/use-run-action";
import type { MemberOption } from "@/components/forms/member-options";
import { Badge, Button, ConfirmDialog, DialogButton, EmptyState, type BadgeTone } from "@/components/ui";
import { formatMoney, personName } from "@/components/ui/format";
import { entityLabelOf } from "@/lib/modules/activity/schemas";
import { completeFollowUpAction } from "@/lib/modules/crm/actions/complete-follow-up";
import { deleteContactEntryAction } from "@/lib/modules/crm/actions/delete-contact-entry";
import { deleteContactReminderAction } from "@/lib/modules/crm/actions/delete-contact-reminder";
import { setContactReminderDoneAction } from "@/lib/modules/crm/actions/set-contact-reminder-done";
import { DEAL_STAGE_LABELS, type DealStage } from "@/lib/modules/crm/schemas";
import {
  CALL_OUTCOME_LABELS,
  ENTRY_KIND_LABELS,
  TIMELINE_KIND_LABELS,
  TIMELINE_KINDS,
  type TimelineItem,
  type TimelineKind,
  type TimelinePage,
} from "@/lib/modules/crm/schemas";
import { LOOP_STATUS_LABELS, PARTICIPANT_ROLE_LABELS } from "@/lib/modules/transactions/schemas";
import { LocalTime } from "./local-time";
import { EditEntryDialog, EditReminderDialog, LogEntryForm, ReminderForm } from "./timeline-forms";

export interface TimelineViewer {
  id: string;
  /** May log, edit own entries, set and tick reminders. */
  canWrite: boolean;
  /** Owners and admins edit and delete anyone's entries. */
  canManage: boolean;
}

interface Props {
  organization: string;
  contact: { id: string; name: string };
  initial: TimelinePage;
  kinds: TimelineKind[];
  viewer: TimelineViewer;
  assignees: MemberOption[];
}

export function ContactTimeline({ organization, contact, initial, kinds, viewer, assignees }: Props) {
  const [base, setBase] = useState(initial);
  const [older, setOlder] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  // A refreshed first page (after a write, or a new filter) starts the list over.
  if (base !== initial) {
    setBase(initial);
    setOlder([]);
    setCursor(initial.nextCursor);
    setLoadError(null);
  }
  const all = kinds.length === TIMELINE_KINDS.length;

  async function showOlder() {
    if (!cursor) return;
    setLoading(true);
    setLoadError(null);
    try {
      const params = new URLSearchParams({ cursor });
      if (!all) params.set("show", kinds.join(","));
      const res = await fetch(
        `/api/organizations/${encodeURIComponent(organization)}/contacts/${contact.id}/timeline?${params}`,
        { headers: { accept: "application/json" } },
      );
      if (!res.ok) throw new Error(String(res.status));
      const { data } = (await res.json()) as { data: TimelinePage };
      setOlder((items) => [...items, ...data.items]);
      setCursor(data.nextCursor);
    } catch {
      setLoadError("We couldn't load older entries. Check your connection and try again.");
    } finally {
      setLoading(false);
    }
  }

  const items = [...base.items, ...older];
  return (
    <div className="flex flex-col gap-4">
      {viewer.canWrite && (
        <Composer organization={organization} contactId={contact.id} assignees={assignees} />
      )}
      <KindFilter kinds={kinds} />
      {items.length === 0 ? (
        <EmptyState
          title={all ? "Nothing on the timeline yet" : "Nothing of these kinds yet"}
          description={
            all
              ? viewer.canWrite
                ? `Log a call or add a note about ${contact.name} — it shows up here.`
                : `Notes, calls, reminders and changes to ${contact.name} show up here.`
              : "Choose other kinds above, or show everything."
          }
        />
      ) : (
        <ol className="flex flex-col gap-3" aria-label={`Timeline of ${contact.name}`}>
          {items.map((item) => (
            <li key={item.key} className="flex flex-col gap-1 border-l-2 border-border pl-3 text-sm">
              <TimelineRow
                item={item}
                organization={organization}
                contact={contact}
                viewer={viewer}
                assignees={assignees}
              />
            </li>
          ))}
        </ol>
      )}
      {loadError && (
        <p role="alert" className="text-sm text-danger">
          {loadError}
        </p>
      )}
      {cursor && (
        <div>
          <Button variant="secondary" size="sm" onClick={showOlder} pending={loading}>
            Show older
          </Button>
        </div>
      )}
    </div>
  );
}

/** "Log activity" or "Set a reminder": two small forms behind a pair of tabs. */
function Composer({
  organization,
  contactId,
  assignees,
}: {
  organization: string;
  contactId: string;
  assignees: MemberOption[];
}) {
  const [tab, setTab] = useState<"log" | "reminder">("log");
  const tabs = [
    { id: "log", label: "Log activity" },
    { id: "reminder", label: "Set a reminder" },
  ] as const;
  return (
    <div className="flex flex-col gap-3 rounded-md border border-border p-3">
      <div role="tablist" aria-label="Add to the timeline" className="flex gap-1">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`timeline-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`timeline-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                const next = tab === "log" ? "reminder" : "log";
                setTab(next);
                document.getElementById(`timeline-tab-${next}`)?.focus();
              }
            }}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${
              tab === t.id ? "bg-accent text-accent-contrast" : "text-fg-muted hover:bg-surface-muted"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`timeline-panel-${tab}`} aria-labelledby={`timeline-tab-${tab}`}>
        {tab === "log" ? (
          <LogEntryForm organization={organization} contactId={contactId} />
        ) : (
          <ReminderForm organization={organization} contactId={contactId} assignees={assignees} />
        )}
      </div>
    </div>
  );
}

/** Toggle buttons per kind; the selection lives in the URL (?show=), "All" clears it. */
function KindFilter({ kinds }: { kinds: TimelineKind[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const all = kinds.length === TIMELINE_KINDS.length;
  const go = (next: TimelineKind[]) => {
    const params = new URLSearchParams(search?.toString());
    if (next.length === 0 || next.length === TIMELINE_KINDS.length) params.delete("show");
    else params.set("show", next.join(","));
    const q = params.toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const toggle = (k: TimelineKind) => {
    if (all) return go([k]);
    go(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k]);
  };
  const chip = (pressed: boolean) =>
    `rounded-full border px-2.5 py-0.5 text-xs font-medium ${
      pressed
        ? "border-accent bg-accent text-accent-contrast"
        : "border-border text-fg-muted hover:bg-surface-muted"
    }`;
  return (
    <div role="group" aria-label="Show on the timeline" className="flex flex-wrap gap-1.5">
      <button type="button" aria-pressed={all} className={chip(all)} onClick={() => go([])}>
        All
      </button>
      {TIMELINE_KINDS.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={!all && kinds.includes(k)}
          className={chip(!all && kinds.includes(k))}
          onClick={() => toggle(k)}
        >
          {TIMELINE_KIND_LABELS[k]}
        </button>
      ))}
    </div>
  );
}

const KIND_TONES: Record<string, BadgeTone> = {
  NOTE: "neutral",
  CALL: "accent",
  MEETING: "accent",
  EMAIL: "accent",
};

function Byline({ item, verb }: { item: TimelineItem; verb?: string }) {
  return (
    <p className="text-xs text-fg-muted">
      {verb ? `${verb} ` : ""}
      {item.actor ? personName(item.actor) : null}
      {item.actor ? " · " : null}
      <LocalTime iso={item.at} />
    </p>
  );
}

function TimelineRow({
  item,
  organization,
  contact,
  viewer,
  assignees,
}: {
  item: TimelineItem;
  organization: string;
  contact: { id: string; name: string };
  viewer: TimelineViewer;
  assignees: MemberOption[];
}) {
  switch (item.kind) {
    case "entry":
      return <EntryRow entry={item} organization={organization} viewer={viewer} />;
    case "reminder":
      return (
        <ReminderRow
          reminder={item}
          organization={organization}
          contact={contact}
          viewer={viewer}
          assignees={assignees}
        />
      );
    case "deal":
      return (
        <>
          <p>
            <Badge tone="neutral">Deal</Badge>{" "}
            <Link
              className="font-medium underline-offset-2 hover:underline"
              href={`/${organization}/crm/deals/${item.id}`}
            >
              {item.title}
            </Link>{" "}
            <span className="text-fg-muted">
              · {DEAL_STAGE_LABELS[item.stage as DealStage] ?? item.stage} · {formatMoney(item.value)}
            </span>
          </p>
          <Byline item={item} verb="Added by" />
        </>
      );
    case "transaction":
      return (
        <>
          <p>
            <Badge tone="neutral">Transaction</Badge>{" "}
            {PARTICIPANT_ROLE_LABELS[item.role as keyof typeof PARTICIPANT_ROLE_LABELS] ?? item.role} in{" "}
            <Link
              className="font-medium underline-offset-2 hover:underline"
              href={`/${organization}/transactions/${item.id}`}
            >
              {item.propertyAddress}
            </Link>{" "}
            <span className="text-fg-muted">
              · {LOOP_STATUS_LABELS[item.status as keyof typeof LOOP_STATUS_LABELS] ?? item.status}
            </span>
          </p>
          <Byline item={item} verb="Added by" />
        </>
      );
    case "change": {
      const words = describeEntry({
        id: item.id,
        seq: 0,
        action: item.action,
        entityType: "contact",
        entityId: contact.id,
        entityLabel: entityLabelOf(item.newValues, item.oldValues),
        actorId: item.actor?.id ?? null,
        actor: item.actor,
        createdAt: item.at,
        oldValues: item.oldValues,
        newValues: item.newValues,
      });
      return (
        <>
          <p>
            <strong>{personName(item.actor, "Hearth")}</strong> {words.action}
            {words.label ? ` ${words.label}` : ""}
            {words.detail}
          </p>
          <LocalTime iso={item.at} className="text-xs text-fg-muted" />
        </>
      );
    }
  }
}

function EntryRow({
  entry,
  organization,
  viewer,
}: {
  entry: Extract<TimelineItem, { kind: "entry" }>;
  organization: string;
  viewer: TimelineViewer;
}) {
  const [deleting, setDeleting] = useState(false);
  const { run, pending } = useRunAction();
  const mine = viewer.canWrite && (viewer.canManage || entry.actor?.id === viewer.id);
  const label = ENTRY_KIND_LABELS[entry.entryKind];
  const details = [
    entry.callOutcome ? CALL_OUTCOME_LABELS[entry.callOutcome] : null,
    entry.durationMinutes !== null ? `${entry.durationMinutes} min` : null,
  ].filter(Boolean);
  return (
    <>
      <div className="flex items-start justify-between gap-2">
        <p>
          <Badge tone={KIND_TONES[entry.entryKind] ?? "neutral"}>{label}</Badge>
          {details.length > 0 && <span className="text-fg-muted"> · {details.join(" · ")}</span>}
        </p>
        {mine && (
          <div className="flex shrink-0 gap-1">
            <DialogButton
              variant="ghost"
              size="sm"
              aria-label={`Edit ${label.toLowerCase()}`}
              dialog={(state) => <EditEntryDialog {...state} organization={organization} entry={entry} />}
            >
              Edit
            </DialogButton>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Delete ${label.toLowerCase()}`}
              onClick={() => setDeleting(true)}
            >
              Delete
            </Button>
            <ConfirmDialog
              open={deleting}
              onClose={() => setDeleting(false)}
              title={`Delete this ${label.toLowerCase()}?`}
              description="It leaves the timeline. The audit log keeps a record that it was deleted."
              confirmLabel={`Delete ${label.toLowerCase()}`}
              pending={pending}
              onConfirm={() =>
                run(() => deleteContactEntryAction({ organization, id: entry.id }), {
                  success: `${label} deleted`,
                  after: () => setDeleting(false),
                })
              }
            >
              <p className="text-sm">This can&apos;t be undone.</p>
            </ConfirmDialog>
          </div>
        )}
      </div>
      <p className="whitespace-pre-wrap break-words">{entry.body}</p>
      <Byline item={entry} verb={entry.edited ? "Edited ·" : undefined} />
    </>
  );
}

function ReminderRow({
  reminder,
  organization,
  contact,
  viewer,
  assignees,
}: {
  reminder: Extract<TimelineItem, { kind: "reminder" }>;
  organization: string;
  contact: { id: string; name: string };
  viewer: TimelineViewer;
  assignees: MemberOption[];
}) {
  const [deleting, setDeleting] = useState(false);
  const { run, pending } = useRunAction();
  const overdue = !reminder.done && new Date(reminder.dueAt) <= new Date();
  const followUp = reminder.id === null;
  const id = reminder.id;
  const canDelete = viewer.canWrite && !followUp && (viewer.canManage || reminder.actor?.id === viewer.id);
  const toggle = () => {
    if (id === null) {
      run(
        () =>
          completeFollowUpAction({
            organization,
            contactId: contact.id,
            version: reminder.contactVersion ?? 1,
          }),
        { success: "Follow-up done" },
      );
    } else {
      run(() => setContactReminderDoneAction({ organization, id, done: !reminder.done }), {
        success: reminder.done ? "Reminder reopened" : "Reminder done",
      });
    }
  };
  return (
    <>
      <div className="flex items-start justify-between gap-2">
        <p className={reminder.done ? "text-fg-muted line-through" : undefined}>
          <Badge tone={overdue ? "danger" : reminder.done ? "neutral" : "warning"}>
            {followUp ? "Follow-up" : "Reminder"}
          </Badge>{" "}
          <span className="font-medium">{reminder.title}</span>
        </p>
        {viewer.canWrite && (
          <div className="flex shrink-0 gap-1">
            <Button
              variant="ghost"
              size="sm"
              pending={pending}
              onClick={toggle}
              aria-label={`${reminder.done ? "Reopen" : "Mark done"}: ${reminder.title}`}
            >
              {reminder.done ? "Reopen" : "Done"}
            </Button>
            {id !== null && (
              <DialogButton
                variant="ghost"
                size="sm"
                aria-label={`Edit reminder: ${reminder.title}`}
                dialog={(state) => (
                  <EditReminderDialog
                    {...state}
                    organization={organization}
                    reminder={{ ...reminder, id }}
                    assignees={assignees}
                  />
                )}
              >
                Edit
              </DialogButton>
            )}
            {canDelete && id !== null && (
              <>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Delete reminder: ${reminder.title}`}
                  onClick={() => setDeleting(true)}
                >
                  Delete
                </Button>
                <ConfirmDialog
                  open={deleting}
                  onClose={() => setDeleting(false)}
                  title="Delete this reminder?"
                  description={reminder.title}
                  confirmLabel="Delete reminder"
                  pending={pending}
                  onConfirm={() =>
                    run(() => deleteContactReminderAction({ organization, id }), {
                      success: "Reminder deleted",
                      after: () => setDeleting(false),
                    })
                  }
                >
                  <p className="text-sm">This can&apos;t be undone.</p>
                </ConfirmDialog>
              </>
            )}
          </div>
        )}
      </div>
      <p className="text-xs text-fg-muted">
        {reminder.done ? "Done" : overdue ? "Overdue — was due" : "Due"} <LocalTime iso={reminder.dueAt} /> ·
        for {personName(reminder.assignee, "nobody")}
        {followUp && " · the contact's follow-up date"}
      </p>
    </>
  );
}
