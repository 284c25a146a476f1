// @vitest-environment jsdom
// The form dialog every create/edit dialog uses: busy while the action runs, the action's form-level error,
// focus on the first invalid field, closed (and focus back on the opener) when the action succeeds.
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { FormInput } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { DialogButton } from "@/components/ui";
import type { ActionResult } from "@/lib/errors";
import { deferred, installDialogPolyfill, press, renderWithToasts } from "./dom";

beforeAll(installDialogPolyfill);
afterEach(cleanup);

const schema = z.object({
  name: z.string().min(1, "Enter a name"),
  email: z.email("Enter a valid email address"),
});
type Values = z.input<typeof schema>;
type Action = (input: Values) => Promise<ActionResult<{ name: string }>>;

function Fixture({ action, onSuccess }: { action: Action; onSuccess?: (d: { name: string }) => void }) {
  return (
    <DialogButton
      dialog={(state) => (
        <FormDialog
          {...state}
          title="New person"
          description="Both fields are needed."
          submitLabel="Add person"
          schema={schema}
          action={action}
          defaultValues={{ name: "", email: "" }}
          onSuccess={onSuccess}
        >
          {(form) => (
            <>
              <FormInput form={form} name="name" label="Name" required />
              <FormInput form={form} name="email" label="Email" type="email" required />
            </>
          )}
        </FormDialog>
      )}
    >
      New person
    </DialogButton>
  );
}

function open() {
  const opener = screen.getByRole("button", { name: "New person" });
  press(opener);
  return { opener, dialog: screen.getByRole("dialog", { name: "New person" }) };
}

function fill(values: Partial<Values>) {
  for (const [label, value] of Object.entries({ Name: values.name, Email: values.email }))
    if (value !== undefined)
      fireEvent.change(screen.getByRole("textbox", { name: label }), { target: { value } });
}

const submitButton = () => screen.getByRole("button", { name: "Add person" }) as HTMLButtonElement;

describe("FormDialog", () => {
  it("disables the submit button and marks it busy while the action runs", async () => {
    const pending = deferred<ActionResult<{ name: string }>>();
    const action = vi.fn<Action>(() => pending.promise);
    renderWithToasts(<Fixture action={action} />);
    open();
    fill({ name: "Maria", email: "maria@example.test" });
    press(submitButton());

    await waitFor(() => expect(action).toHaveBeenCalledTimes(1));
    expect(submitButton().disabled).toBe(true);
    expect(submitButton().getAttribute("aria-busy")).toBe("true");
    // A second click while it runs sends nothing more.
    press(submitButton());

    await act(async () => pending.resolve({ ok: false, error: { code: "INTERNAL", message: "Try again" } }));
    await waitFor(() => expect(submitButton().disabled).toBe(false));
    expect(action).toHaveBeenCalledTimes(1);
  });

  it("shows the action's form-level error in the dialog, announced, and stays open", async () => {
    const action = vi.fn<Action>(async () => ({
      ok: false,
      error: { code: "CONFLICT", message: "Someone else changed this in the meantime." },
    }));
    renderWithToasts(<Fixture action={action} />);
    const { dialog } = open();
    fill({ name: "Maria", email: "maria@example.test" });
    press(submitButton());

    await waitFor(() =>
      expect([...dialog.querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toContain(
        "Someone else changed this in the meantime.",
      ),
    );
    expect(screen.getByRole("dialog", { name: "New person" })).toBe(dialog);
  });

  it("focuses the first invalid field when the schema refuses the input", async () => {
    const action = vi.fn<Action>();
    renderWithToasts(<Fixture action={action} />);
    open();
    fill({ email: "not-an-email" });
    press(submitButton());

    const name = screen.getByRole("textbox", { name: "Name" });
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(action).not.toHaveBeenCalled();
  });

  it("focuses the first invalid field in reading order when the server refuses fields", async () => {
    // The server lists email first; the name field comes first on the screen.
    const action = vi.fn<Action>(async () => ({
      ok: false,
      error: { code: "VALIDATION", message: "Please check the highlighted fields." },
      fieldErrors: { email: ["That email is taken"], name: ["That name is taken"] },
    }));
    renderWithToasts(<Fixture action={action} />);
    open();
    fill({ name: "Maria", email: "maria@example.test" });
    press(submitButton());

    const name = screen.getByRole("textbox", { name: "Name" });
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    await waitFor(() => expect(document.activeElement).toBe(name));
  });

  it("closes when the action succeeds, then reports it and gives focus back to the opener", async () => {
    const onSuccess = vi.fn();
    const action = vi.fn<Action>(async (input) => ({ ok: true, data: { name: input.name } }));
    renderWithToasts(<Fixture action={action} onSuccess={onSuccess} />);
    const { opener, dialog } = open();
    expect(dialog.contains(document.activeElement)).toBe(true);
    fill({ name: "Maria", email: "maria@example.test" });
    press(submitButton());

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(onSuccess).toHaveBeenCalledWith({ name: "Maria" });
    expect(document.activeElement).toBe(opener);
  });

  it("starts from its default values each time it opens; Escape and Cancel close it", async () => {
    renderWithToasts(<Fixture action={vi.fn<Action>()} />);
    const { dialog } = open();
    fill({ name: "Half-typed" });
    fireEvent(dialog, new Event("cancel", { cancelable: true })); // what the browser fires on Escape
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    open();
    expect((screen.getByRole("textbox", { name: "Name" }) as HTMLInputElement).value).toBe("");
    press(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
