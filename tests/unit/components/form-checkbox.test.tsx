// @vitest-environment jsdom
// Checkboxes bound to a form: a boolean field, and an array field where each box is one choice (the notification
// settings' "Tell me when…", whose unticked kinds become the muted ones).
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ActionForm } from "@/components/forms/action-form";
import { FormCheckbox } from "@/components/forms/fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { mutedKinds, NOTIFICATION_KINDS } from "@/lib/modules/notifications/schemas";
import { renderWithToasts } from "./dom";

afterEach(cleanup);

const schema = z.object({ heard: z.array(z.enum(NOTIFICATION_KINDS)), dailyDigest: z.boolean() });
type Values = z.input<typeof schema>;

function Fixture({ onSave }: { onSave: (v: Values) => void }) {
  const { form, onSubmit } = useActionForm<Values, null>({
    schema,
    action: async (v) => {
      onSave(v);
      return { ok: true, data: null };
    },
    defaultValues: { heard: ["TASK_ASSIGNED", "DOCUMENT_RETURNED"], dailyDigest: true },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Fixture">
      <FormCheckbox form={form} name="heard" value="TASK_ASSIGNED" label="Tasks" />
      <FormCheckbox form={form} name="heard" value="DOCUMENT_RETURNED" label="Returns" />
      <FormCheckbox form={form} name="heard" value="REVIEW_REQUESTED" label="Reviews" />
      <FormCheckbox form={form} name="dailyDigest" label="Digest" hint="Once a day" />
      <button type="submit">Save</button>
    </ActionForm>
  );
}

describe("FormCheckbox", () => {
  it("ticks the array's choices and the boolean from the defaults, and submits what the user changed", async () => {
    const saved: Values[] = [];
    renderWithToasts(<Fixture onSave={(v) => saved.push(v)} />);
    const box = (name: string) => screen.getByRole<HTMLInputElement>("checkbox", { name });
    expect([box("Tasks").checked, box("Returns").checked, box("Reviews").checked]).toEqual([
      true,
      true,
      false,
    ]);
    const digest = box("Digest");
    expect(digest.checked).toBe(true);
    expect(document.getElementById(digest.getAttribute("aria-describedby")!)?.textContent).toBe("Once a day");

    fireEvent.click(screen.getByRole("checkbox", { name: "Tasks" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Reviews" }));
    fireEvent.click(digest);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      heard: ["DOCUMENT_RETURNED", "REVIEW_REQUESTED"],
      dailyDigest: false,
      idempotencyKey: expect.any(String), // every form sends its submission key (decision 0020)
    });
    expect(mutedKinds(saved[0]!.heard as (typeof NOTIFICATION_KINDS)[number][])).toEqual(
      NOTIFICATION_KINDS.filter((k) => k !== "DOCUMENT_RETURNED" && k !== "REVIEW_REQUESTED"),
    );
  });
});
