// @vitest-environment jsdom
// A deal's stage history reads as sentences: who moved it from what to what, why it was lost, what it was won at.
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DealHistory } from "@/components/crm/deal-history";
import type { StageChange } from "@/lib/modules/crm";

afterEach(cleanup);

const dana = { id: "u1", name: "Dana Owner", email: "dana@x.test" };
const change = (over: Partial<StageChange>): StageChange => ({
  id: Math.random().toString(36),
  at: "2026-12-01T15:00:00Z",
  actor: dana,
  from: "SHOWING",
  to: "OFFER",
  reason: null,
  value: null,
  closedOn: null,
  ...over,
});

describe("deal stage history", () => {
  it("says who moved the deal, from what to what, and why it closed", () => {
    render(
      <DealHistory
        items={[
          change({ from: "CLOSED_LOST", to: "QUALIFIED" }),
          change({ from: "OFFER", to: "CLOSED_LOST", reason: "Went with another agent" }),
          change({ from: "UNDER_CONTRACT", to: "CLOSED_WON", value: "512000.00", closedOn: "2026-11-30" }),
          change({}),
          change({ from: null, to: "LEAD", actor: null }),
        ]}
      />,
    );
    const items = within(screen.getByRole("list", { name: "Stage history" }))
      .getAllByRole("listitem")
      .map((li) => li.querySelector("p")!.textContent);
    expect(items).toEqual([
      "Dana Owner reopened it in Qualified (was Closed — lost)",
      "Dana Owner marked it lost — Went with another agent",
      "Dana Owner marked it won at $512,000",
      "Dana Owner moved it from Showing to Offer",
      "A former member added it in Lead",
    ]);
  });

  it("says so when nothing moved yet", () => {
    render(<DealHistory items={[]} />);
    expect(screen.getByText("No stage changes yet")).toBeTruthy();
  });
});
