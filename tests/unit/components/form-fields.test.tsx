// @vitest-environment jsdom
// A field bound to the form shows its own zod error, tied to the control for assistive tech.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput, FormSelect, FormTextarea } from "@/components/forms/fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { renderWithToasts } from "./dom";

afterEach(cleanup);

const schema = z.object({
  name: z.string().min(1, "Enter a name"),
  email: z.email("Enter a valid email address"),
  stage: z.enum(["LEAD", "WON"], { error: "Choose a stage" }),
  notes: z.string().max(5, "Use at most 5 characters"),
});
type Values = z.input<typeof schema>;

function Fixture() {
  const { form, onSubmit } = useActionForm<Values, null>({
    schema,
    action: async () => ({ ok: true, data: null }),
    defaultValues: { name: "", email: "", stage: "LEAD", notes: "" },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Fixture">
      <FormInput form={form} name="name" label="Name" required hint="As on their ID" />
      <FormInput form={form} name="email" label="Email" type="email" />
      <FormSelect
        form={form}
        name="stage"
        label="Stage"
        options={[
          { value: "LEAD", label: "Lead" },
          { value: "WON", label: "Won" },
        ]}
      />
      <FormTextarea form={form} name="notes" label="Notes" />
      <button type="submit">Save</button>
    </ActionForm>
  );
}

const describedBy = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent);

describe("bound fields", () => {
  it("show the zod error of their own field, announced and linked with aria-describedby", async () => {
    renderWithToasts(<Fixture />);
    const email = screen.getByRole("textbox", { name: "Email" });
    fireEvent.change(screen.getByRole("textbox", { name: "Name" }), { target: { value: "Maria" } });
    fireEvent.change(email, { target: { value: "not-an-email" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Notes" }), { target: { value: "far too long" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(describedBy(email)).toEqual(["Enter a valid email address"]);
    const notes = screen.getByRole("textbox", { name: "Notes" });
    expect(describedBy(notes)).toEqual(["Use at most 5 characters"]);
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual(
      expect.arrayContaining(["Enter a valid email address", "Use at most 5 characters"]),
    );

    // A valid field stays clean: no aria-invalid, only its hint.
    const name = screen.getByRole("textbox", { name: "Name" });
    expect(name.hasAttribute("aria-invalid")).toBe(false);
    expect(describedBy(name)).toEqual(["As on their ID"]);
    expect((name as HTMLInputElement).required).toBe(true);
    expect(screen.getByRole("combobox", { name: "Stage" }).hasAttribute("aria-invalid")).toBe(false);
  });

  it("keep the hint and add the error when the field is invalid", async () => {
    renderWithToasts(<Fixture />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const name = screen.getByRole("textbox", { name: "Name" });
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    expect(describedBy(name)).toEqual(["As on their ID", "Enter a name"]);
  });
});
