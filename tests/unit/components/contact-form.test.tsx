// @vitest-environment jsdom
// The contact dialogs submit what each action's schema expects: create has no id (no made-up one either),
// edit sends the contact's id and the version the form was loaded with.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EditContactDialog, NewContactDialog, type EditableContact } from "@/components/crm/contact-form";
import { installDialogPolyfill, renderWithToasts } from "./dom";

const actions = vi.hoisted(() => ({
  createContactAction: vi.fn(async (input: { name: string }) => ({
    ok: true as const,
    data: { id: "6f1c2d4e-0000-4000-8000-000000000001", name: input.name, version: 1 },
  })),
  updateContactAction: vi.fn(async (input: { name: string; version: number }) => ({
    ok: true as const,
    data: { id: "6f1c2d4e-0000-4000-8000-000000000002", name: input.name, version: input.version + 1 },
  })),
}));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));
vi.mock("@/lib/modules/crm/actions/create-contact", () => ({
  createContactAction: actions.createContactAction,
}));
vi.mock("@/lib/modules/crm/actions/update-contact", () => ({
  updateContactAction: actions.updateContactAction,
}));

beforeAll(installDialogPolyfill);
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const assignees = [
  { id: "0d5e1f7a-0000-4000-8000-00000000000a", name: "Avery Agent", email: "avery@x.test" },
];

/** The new-contact dialog as `me` opens it; returns its onSaved spy. */
function renderNewContact(me: string) {
  const onSaved = vi.fn();
  renderWithToasts(
    <NewContactDialog
      open
      onClose={() => {}}
      organization="lakeside"
      assignees={assignees}
      onSaved={onSaved}
      me={me}
    />,
  );
  return onSaved;
}

describe("contact dialogs", () => {
  it("create submits the create schema's fields and no id or version", async () => {
    const onSaved = renderNewContact("0d5e1f7a-0000-4000-8000-0000000000ff");
    fireEvent.change(screen.getByRole("textbox", { name: "Name" }), { target: { value: "Maria Gonzalez" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Email" }), {
      target: { value: "Maria@Example.test" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add contact" }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(actions.updateContactAction).not.toHaveBeenCalled();
    expect(actions.createContactAction).toHaveBeenCalledTimes(1);
    const input = actions.createContactAction.mock.calls[0]![0];
    expect(input).not.toHaveProperty("id");
    expect(input).not.toHaveProperty("version");
    expect(input).toEqual({
      organization: "lakeside",
      name: "Maria Gonzalez",
      email: "maria@example.test",
      phone: null,
      company: null,
      status: "LEAD",
      source: null,
      assignedTo: null,
      nextFollowUp: null,
      notes: null,
      // The form's submission key (decision 0020).
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("a new contact is assigned to its creator by default when they can be assigned, else to nobody", async () => {
    const onSaved = renderNewContact(assignees[0]!.id);
    expect(screen.getByRole("combobox", { name: "Assigned to" })).toHaveProperty("value", assignees[0]!.id);
    fireEvent.change(screen.getByRole("textbox", { name: "Name" }), { target: { value: "Sam Seller" } });
    fireEvent.click(screen.getByRole("button", { name: "Add contact" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(actions.createContactAction.mock.calls[0]![0]).toMatchObject({ assignedTo: assignees[0]!.id });
  });

  it("edit submits the contact's id and the version it was loaded with", async () => {
    const contact: EditableContact = {
      id: "6f1c2d4e-0000-4000-8000-000000000002",
      version: 4,
      name: "Tom Baker",
      email: null,
      phone: null,
      company: null,
      status: "LEAD",
      source: null,
      notes: null,
      nextFollowUp: null,
      assignee: null,
    };
    const onSaved = vi.fn();
    renderWithToasts(
      <EditContactDialog
        open
        onClose={() => {}}
        organization="lakeside"
        assignees={assignees}
        contact={contact}
        onSaved={onSaved}
      />,
    );
    expect(screen.getByRole("dialog", { name: "Edit Tom Baker" })).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "Name" }), { target: { value: "Thomas Baker" } });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(actions.createContactAction).not.toHaveBeenCalled();
    expect(actions.updateContactAction.mock.calls[0]![0]).toMatchObject({
      organization: "lakeside",
      id: contact.id,
      version: 4,
      name: "Thomas Baker",
    });
  });
});
