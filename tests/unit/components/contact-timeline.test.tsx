// @vitest-environment jsdom
// A contact's timeline: every kind renders as a person would read it, "Show older" fetches the next page by its
// cursor and appends it (and says so when it fails), the kind filter writes the URL, and the logging form sends
// what the action's schema expects and empties itself for the next entry.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ContactTimeline, type TimelineViewer } from "@/components/crm/contact-timeline";
import type { TimelineItem, TimelinePage } from "@/lib/modules/crm/schemas";
import { installDialogPolyfill, renderWithToasts } from "./dom";

const nav = vi.hoisted(() => ({ refresh: vi.fn(), replace: vi.fn(), push: vi.fn() }));
const actions = vi.hoisted(() => ({
  logContactEntryAction: vi.fn(async () => ({ ok: true as const, data: { id: "e-new" } })),
  setContactReminderDoneAction: vi.fn(async () => ({ ok: true as const, data: { id: "r1", done: true } })),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => nav,
  usePathname: () => "/lakeside/crm/contacts/c1",
  useSearchParams: () => new URLSearchParams(),
}));
vi.mock("@/lib/modules/crm/actions/log-contact-entry", () => ({
  logContactEntryAction: actions.logContactEntryAction,
}));
vi.mock("@/lib/modules/crm/actions/set-contact-reminder-done", () => ({
  setContactReminderDoneAction: actions.setContactReminderDoneAction,
}));

beforeAll(installDialogPolyfill);
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.unstubAllGlobals();
});

const CONTACT = { id: "6f1c2d4e-0000-4000-8000-0000000000c1", name: "Amelia Brown" };
const me = { id: "0d5e1f7a-0000-4000-8000-00000000000a", name: "Avery Agent", email: "avery@x.test" };
const viewer: TimelineViewer = { id: me.id, canWrite: true, canManage: false };

const note = (n: number, at = "2026-12-01T10:00:00.000000Z"): TimelineItem => ({
  kind: "entry",
  key: `e:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  at,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  entryKind: "NOTE",
  body: `Note number ${n}`,
  callOutcome: null,
  durationMinutes: null,
  actor: me,
  edited: false,
});

const firstPage: TimelinePage = {
  items: [
    {
      kind: "reminder",
      key: "r:00000000-0000-4000-8000-000000000001",
      at: "2026-12-08T09:00:00.000000Z",
      id: "00000000-0000-4000-8000-000000000001",
      contactVersion: null,
      title: "Send the comps",
      dueAt: "2026-12-08T09:00:00.000000Z",
      done: false,
      completedAt: null,
      assignee: me,
      actor: me,
    },
    {
      kind: "entry",
      key: "e:00000000-0000-4000-8000-000000000100",
      at: "2026-12-05T15:30:00.000000Z",
      id: "00000000-0000-4000-8000-000000000100",
      entryKind: "CALL",
      body: "Talked about the offer on 12 Elm",
      callOutcome: "CONNECTED",
      durationMinutes: 12,
      actor: me,
      edited: false,
    },
    {
      kind: "deal",
      key: "d:00000000-0000-4000-8000-000000000200",
      at: "2026-12-04T10:00:00.000000Z",
      id: "00000000-0000-4000-8000-000000000200",
      title: "12 Elm purchase",
      stage: "OFFER",
      value: "425000.00",
      actor: me,
    },
    {
      kind: "change",
      key: "a:00000000-0000-4000-8000-000000000300",
      at: "2026-12-03T10:00:00.000000Z",
      id: "00000000-0000-4000-8000-000000000300",
      action: "contact.updated",
      actor: me,
      oldValues: { status: "LEAD" },
      newValues: { name: "Amelia Brown", status: "ACTIVE" },
    },
  ],
  nextCursor: "CURSOR-1",
};

function renderTimeline(initial: TimelinePage = firstPage, v: TimelineViewer = viewer) {
  return renderWithToasts(
    <ContactTimeline
      organization="lakeside"
      contact={CONTACT}
      initial={initial}
      kinds={["note", "call", "meeting", "email", "reminder", "deal", "transaction", "change"]}
      viewer={v}
      assignees={[me]}
    />,
  );
}

describe("contact timeline", () => {
  it("renders every kind in words, newest first", () => {
    renderTimeline();
    const list = screen.getByRole("list", { name: "Timeline of Amelia Brown" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows).toHaveLength(4);
    expect(rows[0]!.textContent).toContain("Send the comps");
    expect(rows[0]!.textContent).toContain("for Avery Agent");
    expect(rows[1]!.textContent).toContain("Call · Connected · 12 min");
    expect(rows[1]!.textContent).toContain("Talked about the offer on 12 Elm");
    expect(rows[2]!.textContent).toMatch(/Deal 12 Elm purchase · Offer · \$425,000/);
    expect(rows[3]!.textContent).toContain(
      "Avery Agent updated the contact Amelia Brown — status from Lead to Active",
    );
    // The author may edit their own call.
    expect(within(rows[1]!).getByRole("button", { name: "Edit call" })).toBeTruthy();
  });

  it("shows older entries with the cursor and appends them; says so when that fails", async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ data: { items: [note(1), note(2)], nextCursor: null } }), {
          status: 200,
        }),
      )
      .mockResolvedValueOnce(new Response("{}", { status: 500 }));
    vi.stubGlobal("fetch", fetchMock);
    renderTimeline();
    fireEvent.click(screen.getByRole("button", { name: "Show older" }));
    await waitFor(() => expect(screen.getByText("Note number 2")).toBeTruthy());
    expect(fetchMock.mock.calls[0]![0]).toBe(
      `/api/organizations/lakeside/contacts/${CONTACT.id}/timeline?cursor=CURSOR-1`,
    );
    expect(
      within(screen.getByRole("list", { name: "Timeline of Amelia Brown" })).getAllByRole("listitem"),
    ).toHaveLength(6);
    // The oldest page: no more button.
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();

    cleanup();
    renderTimeline();
    fireEvent.click(screen.getByRole("button", { name: "Show older" }));
    expect(await screen.findByText(/couldn't load older entries/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Show older" })).toBeTruthy();
  });

  it("filters by kind through the URL", () => {
    renderTimeline();
    fireEvent.click(screen.getByRole("button", { name: "Calls" }));
    expect(nav.replace).toHaveBeenCalledWith("/lakeside/crm/contacts/c1?show=call", { scroll: false });
  });

  it("logs a call from the keyboard-usable form and starts the next one empty", async () => {
    renderTimeline({ items: [], nextCursor: null });
    expect(screen.getByText("Nothing on the timeline yet")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Log activity" });
    fireEvent.change(within(form).getByRole("combobox", { name: "What happened" }), {
      target: { value: "CALL" },
    });
    fireEvent.change(within(form).getByRole("textbox", { name: /What was said/ }), {
      target: { value: "Left a message about Saturday" },
    });
    fireEvent.change(within(form).getByRole("combobox", { name: "Outcome" }), {
      target: { value: "LEFT_VOICEMAIL" },
    });
    fireEvent.change(within(form).getByRole("textbox", { name: "Minutes" }), { target: { value: "3" } });
    // Ctrl+Enter in the text area submits.
    fireEvent.keyDown(within(form).getByRole("textbox", { name: /What was said/ }), {
      key: "Enter",
      ctrlKey: true,
    });
    await waitFor(() => expect(actions.logContactEntryAction).toHaveBeenCalledTimes(1));
    const input = (actions.logContactEntryAction.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(input).toMatchObject({
      organization: "lakeside",
      contactId: CONTACT.id,
      kind: "CALL",
      body: "Left a message about Saturday",
      callOutcome: "LEFT_VOICEMAIL",
      durationMinutes: 3,
    });
    // "When" left empty means now.
    expect(Math.abs((input.occurredAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
    await waitFor(() => expect(nav.refresh).toHaveBeenCalled());
    expect((within(form).getByRole("textbox", { name: /What was said/ }) as HTMLTextAreaElement).value).toBe(
      "",
    );
    expect((within(form).getByRole("combobox", { name: "What happened" }) as HTMLSelectElement).value).toBe(
      "CALL",
    );
  });

  it("marks a reminder done for a member, and shows a viewer no form", async () => {
    renderTimeline();
    fireEvent.click(screen.getByRole("button", { name: "Mark done: Send the comps" }));
    await waitFor(() => expect(actions.setContactReminderDoneAction).toHaveBeenCalled());
    expect(actions.setContactReminderDoneAction).toHaveBeenCalledWith({
      organization: "lakeside",
      id: "00000000-0000-4000-8000-000000000001",
      done: true,
    });
    cleanup();
    renderTimeline({ items: [], nextCursor: null }, { id: me.id, canWrite: false, canManage: false });
    expect(screen.queryByRole("form", { name: "Log activity" })).toBeNull();
    expect(screen.getByText(/show up here/)).toBeTruthy();
  });
});
