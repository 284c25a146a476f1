// @vitest-environment jsdom
// The merge field chooser: the contact with more deals (then the older one) stays by default, a field starts with
// the kept contact's value unless that is empty, fields both share need no choice, switching which contact stays
// re-derives the defaults, and the action receives keep/remove ids, both versions and, per field, whose value.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MergeChooser } from "@/components/crm/merge-chooser";
import type { MergeCandidate } from "@/lib/modules/crm/schemas";
import { installDialogPolyfill, renderWithToasts } from "./dom";

const push = vi.fn();
const actions = vi.hoisted(() => ({
  mergeContactsAction: vi.fn(async (input: { keepId: string }) => ({
    ok: true as const,
    data: { id: input.keepId, name: "Amelia Brown", version: 2, moved: {} },
  })),
}));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push }) }));
vi.mock("@/lib/modules/crm/actions/merge-contacts", () => ({
  mergeContactsAction: actions.mergeContactsAction,
}));

beforeAll(installDialogPolyfill);
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const base: Omit<MergeCandidate, "id" | "name" | "createdAt" | "counts"> = {
  email: null,
  phone: null,
  company: null,
  status: "LEAD",
  source: null,
  assignedTo: null,
  assignee: null,
  nextFollowUp: null,
  notes: null,
  version: 1,
};
const older: MergeCandidate = {
  ...base,
  id: "00000000-0000-4000-8000-00000000000a",
  name: "Amelia Brown",
  email: "amelia@example.test",
  phone: "+1 555 010 2000",
  createdAt: "2026-11-01T10:00:00.000Z",
  version: 3,
  counts: { deals: 1, tags: 1, loops: 0 },
};
const newer: MergeCandidate = {
  ...base,
  id: "00000000-0000-4000-8000-00000000000b",
  name: "AMELIA BROWN",
  email: "a.brown@example.test",
  phone: "+1 555 010 2000",
  company: "Brown & Co",
  status: "CLIENT",
  createdAt: "2026-12-01T10:00:00.000Z",
  version: 5,
  counts: { deals: 1, tags: 2, loops: 1 },
};

const checked = (el: HTMLElement) => (el as HTMLInputElement).checked;

async function mergeAndConfirm(keepName: string, removeName: string) {
  fireEvent.click(screen.getByRole("button", { name: "Merge into one contact" }));
  const dialog = await screen.findByRole("dialog", { name: `Merge ${removeName} into ${keepName}?` });
  fireEvent.click(within(dialog).getByRole("button", { name: "Merge" }));
  await waitFor(() => expect(actions.mergeContactsAction).toHaveBeenCalledTimes(1));
  return actions.mergeContactsAction.mock.calls[0]![0];
}

describe("MergeChooser", () => {
  it("keeps the older contact by default, fills empty fields from the other, and sends each field's side", async () => {
    renderWithToasts(<MergeChooser organization="lakeside" pair={[newer, older]} />);
    expect(checked(screen.getByRole("radio", { name: /^Amelia Brown/ }))).toBe(true);
    // Different values: a choice each, starting with the kept contact's (an empty one loses).
    expect(checked(screen.getByRole("radio", { name: "Email: amelia@example.test" }))).toBe(true);
    expect(checked(screen.getByRole("radio", { name: "Company: Brown & Co" }))).toBe(true);
    expect(checked(screen.getByRole("radio", { name: "Status: Lead" }))).toBe(true);
    // The same on both: no choice offered.
    expect(screen.queryByRole("radio", { name: /^Phone:/ })).toBeNull();
    expect(screen.getByText(/The same on both: phone/)).toBeTruthy();

    fireEvent.click(screen.getByRole("radio", { name: "Email: a.brown@example.test" }));
    fireEvent.click(screen.getByRole("radio", { name: "Status: Client" }));
    const input = await mergeAndConfirm("Amelia Brown", "AMELIA BROWN");
    expect(input).toMatchObject({
      organization: "lakeside",
      keepId: older.id,
      removeId: newer.id,
      keepVersion: 3,
      removeVersion: 5,
      fields: { name: "keep", email: "remove", company: "remove", status: "remove", phone: "keep" },
    });
    await waitFor(() => expect(push).toHaveBeenCalledWith(`/lakeside/crm/contacts/${older.id}`));
  });

  it("switching the contact that stays re-derives the defaults from it", async () => {
    renderWithToasts(<MergeChooser organization="lakeside" pair={[older, newer]} />);
    fireEvent.click(screen.getByRole("radio", { name: /^AMELIA BROWN/ }));
    expect(checked(screen.getByRole("radio", { name: "Email: a.brown@example.test" }))).toBe(true);
    expect(checked(screen.getByRole("radio", { name: "Name: AMELIA BROWN" }))).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Name: Amelia Brown" }));
    const input = await mergeAndConfirm("AMELIA BROWN", "Amelia Brown");
    expect(input).toMatchObject({
      keepId: newer.id,
      removeId: older.id,
      keepVersion: 5,
      removeVersion: 3,
      fields: { name: "remove", email: "keep", company: "keep" },
    });
  });

  it("shows the action's refusal and stays on the page", async () => {
    actions.mergeContactsAction.mockResolvedValueOnce({
      ok: false,
      error: { code: "CONFLICT", message: "One of these contacts changed while you were comparing them." },
    } as never);
    renderWithToasts(<MergeChooser organization="lakeside" pair={[older, newer]} />);
    await mergeAndConfirm("Amelia Brown", "AMELIA BROWN");
    expect(
      await screen.findByText("One of these contacts changed while you were comparing them."),
    ).toBeTruthy();
    expect(push).not.toHaveBeenCalled();
  });
});
