// @vitest-environment jsdom
// The manager's team performance panel: the leaderboard in rank order, the period switch (native radios, so
// arrow keys move it in every browser; the chosen period goes into the URL and its numbers are fetched), and the
// table behind every chart (in the page for screen readers, shown on request).
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TeamPerformancePanel } from "@/components/dashboard/team-performance";
import type { TeamPerformance } from "@/lib/modules/dashboard/schemas";

afterEach(cleanup);

const month: TeamPerformance = {
  period: "month",
  from: "2026-12-01",
  to: "2027-01-01",
  kpis: {
    dealsWon: 3,
    closedVolume: "400010.00",
    loopsClosed: 1,
    openPipeline: "43500.00",
    openDeals: 3,
    contacts: 7,
    clients: 3,
  },
  leaderboard: [
    {
      userId: "a",
      name: "Avery Admin",
      email: "a@x.test",
      dealsWon: 1,
      closedVolume: "300000.00",
      loopsClosed: 1,
    },
    {
      userId: "m",
      name: "Mia Member",
      email: "m@x.test",
      dealsWon: 1,
      closedVolume: "100000.00",
      loopsClosed: 1,
    },
    { userId: null, name: null, email: null, dealsWon: 1, closedVolume: "10.00", loopsClosed: 0 },
  ],
  pipeline: [
    { stage: "LEAD", count: 2, value: "3500.00" },
    { stage: "OFFER", count: 1, value: "40000.00" },
  ],
  sources: [
    { source: "Zillow", contacts: 4, clients: 2 },
    { source: null, contacts: 1, clients: 1 },
  ],
  closings: [
    {
      id: "l1",
      propertyAddress: "1 Month Close",
      closingDate: "2026-12-01",
      status: "CLOSED",
      listingPrice: "500000.00",
    },
  ],
};

const quarter: TeamPerformance = {
  ...month,
  period: "quarter",
  from: "2026-10-01",
  kpis: { ...month.kpis, dealsWon: 4 },
  leaderboard: [
    {
      userId: "m",
      name: "Mia Member",
      email: "m@x.test",
      dealsWon: 2,
      closedVolume: "350000.00",
      loopsClosed: 1,
    },
    {
      userId: "a",
      name: "Avery Admin",
      email: "a@x.test",
      dealsWon: 1,
      closedVolume: "300000.00",
      loopsClosed: 1,
    },
  ],
};

function renderPanel(initial = month) {
  return render(
    <TeamPerformancePanel
      organization={{ id: "org-id", slug: "maple" }}
      initial={initial}
      supabase={{ url: "http://127.0.0.1:1", anonKey: "anon" } as never}
      live={false}
    />,
  );
}

const rows = () =>
  within(screen.getByRole("table", { name: /^Leaderboard/ }))
    .getAllByRole("row")
    .slice(1)
    .map((r) => [...r.querySelectorAll("td, th")].map((c) => c.textContent));

describe("the leaderboard", () => {
  it("lists agents by closed volume, unassigned deals on their own row", () => {
    renderPanel();
    expect(rows()).toEqual([
      ["1", "Avery Admin", "1", "$300,000", "1"],
      ["2", "Mia Member", "1", "$100,000", "1"],
      ["3", "Unassigned deals", "1", "$10", "0"],
    ]);
    expect(screen.getByRole("group", { name: "Deals won" }).textContent).toContain("3");
    expect(screen.getByRole("group", { name: "Lead to client" }).textContent).toContain("43%");
  });
});

describe("the period switch", () => {
  let fetchSpy: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    window.history.replaceState(null, "", "/maple/dashboard");
    fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const period = new URL(String(input), "http://localhost").searchParams.get("period");
      return Response.json({ data: period === "quarter" ? quarter : month });
    });
  });
  afterEach(() => fetchSpy.mockRestore());

  it("is a group of radios; choosing one puts it in the URL and shows that period's numbers", async () => {
    renderPanel();
    const group = screen.getByRole("group", { name: "Period" });
    const radios = within(group).getAllByRole("radio");
    expect(radios.map((r) => r.closest("label")?.textContent)).toEqual([
      "This month",
      "This quarter",
      "This year",
    ]);
    expect((within(group).getByRole("radio", { name: "This month" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(group).getByRole("radio", { name: "This quarter" }));
    await waitFor(() => expect(rows()[0]).toEqual(["1", "Mia Member", "2", "$350,000", "1"]));
    expect((within(group).getByRole("radio", { name: "This quarter" }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(window.location.search).toBe("?period=quarter");
    expect(String(fetchSpy.mock.calls[0]![0])).toBe(
      "/api/organizations/maple/dashboard/performance?period=quarter",
    );
    expect(screen.getByRole("table", { name: "Leaderboard, this quarter" })).toBeTruthy();
  });
});

describe("the table behind every chart", () => {
  it("is in the page for screen readers and shown on request", () => {
    renderPanel();
    for (const name of ["Open pipeline by stage", "Lead sources"]) {
      const table = screen.getByRole("table", { name });
      expect(table.closest(".sr-only")).not.toBeNull();
    }
    const pipeline = screen.getByRole("table", { name: "Open pipeline by stage" });
    expect(
      within(pipeline)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["StageDealsValue", "Lead2$3,500", "Offer1$40,000"]);
    const sources = screen.getByRole("table", { name: "Lead sources" });
    expect(within(sources).getAllByRole("row")[1]!.textContent).toBe("Zillow4250%");
    expect(within(sources).getAllByRole("row")[2]!.textContent).toBe("No source11100%");

    const [toggle] = screen.getAllByRole("button", { name: "Show as table" });
    expect(toggle!.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle!);
    expect(toggle!.getAttribute("aria-expanded")).toBe("true");
    expect(toggle!.textContent).toBe("Show as chart");
    expect(pipeline.closest(".sr-only")).toBeNull();
  });
});
