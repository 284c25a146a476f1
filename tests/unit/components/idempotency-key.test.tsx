// @vitest-environment jsdom
// The form's idempotency key (decision 0020): one key per attempt, made when the form opens, sent with every
// submission — so a resubmit after a lost response (or a second click) carries the same key and the server answers
// it with the first result — and renewed after a success, so the next record is a new attempt.
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { useActionForm } from "@/components/forms/use-action-form";
import type { ActionResult } from "@/lib/errors";
import { renderWithToasts } from "./dom";

afterEach(cleanup);

const schema = z.object({ name: z.string().min(1) });
type Values = z.input<typeof schema>;
type Sent = Values & { idempotencyKey?: string };
type Action = (input: Sent) => Promise<ActionResult<{ id: string }>>;

function Fixture({ action }: { action: Action }) {
  const { form, onSubmit } = useActionForm<Values, { id: string }>({
    schema,
    action,
    defaultValues: { name: "" },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="New thing">
      <FormInput form={form} name="name" label="Name" required />
      <button type="submit">Save</button>
    </ActionForm>
  );
}

const submit = async (action: ReturnType<typeof vi.fn<Action>>, calls: number) => {
  fireEvent.change(screen.getByRole("textbox", { name: "Name" }), { target: { value: "Maria" } });
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
  await waitFor(() => expect(action).toHaveBeenCalledTimes(calls));
  return action.mock.calls[calls - 1]![0].idempotencyKey;
};

describe("a form's idempotency key", () => {
  it("is reused by every resubmission of one attempt and renewed after a success", async () => {
    let outcome: "network" | "refused" | "ok" = "network";
    const action = vi.fn<Action>(async () => {
      if (outcome === "network") throw new Error("Failed to fetch");
      if (outcome === "refused") return { ok: false, error: { code: "RATE_LIMITED", message: "Slow down" } };
      return { ok: true, data: { id: "1" } };
    });
    renderWithToasts(<Fixture action={action} />);

    const first = await submit(action, 1); // the response was lost
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await submit(action, 2)).toBe(first); // the retry
    outcome = "refused";
    expect(await submit(action, 3)).toBe(first);
    outcome = "ok";
    expect(await submit(action, 4)).toBe(first); // the attempt that worked
    const next = await submit(action, 5); // a new record
    expect(next).toMatch(/^[0-9a-f-]{36}$/);
    expect(next).not.toBe(first);
  });
});
