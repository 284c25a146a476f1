// @vitest-environment jsdom
// The pipeline board moves a deal by drag and drop or by its keyboard "Move to…" menu, shows the move at once and
// puts the card back with the server's reason when it is refused; Lost asks for a reason before anything is sent.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PipelineBoard, type BoardColumn } from "@/components/crm/pipeline-board";
import { DEAL_STAGES, type DealStage } from "@/lib/modules/crm/schemas";
import { deferred, installDialogPolyfill, press, renderWithToasts } from "./dom";

type MoveInput = { id: string; stage: DealStage; version: number; lostReason?: string | null };
type MoveResult =
  | { ok: true; data: { id: string; title: string; stage: DealStage; version: number } }
  | { ok: false; error: { code: string; message: string } };
const actions = vi.hoisted(() => ({
  moveDealStageAction: vi.fn<(input: MoveInput) => Promise<MoveResult>>(),
}));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));
vi.mock("@/lib/modules/crm/actions/move-deal-stage", () => actions);
vi.mock("@/lib/modules/crm/actions/delete-deal", () => ({ deleteDealAction: vi.fn() }));
vi.mock("@/lib/modules/crm/actions/create-deal", () => ({ createDealAction: vi.fn() }));
vi.mock("@/lib/modules/crm/actions/update-deal", () => ({ updateDealAction: vi.fn() }));

beforeAll(installDialogPolyfill);
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const ID = "6f1c2d4e-0000-4000-8000-0000000000d1";
const deal = {
  id: ID,
  title: "Smith purchase",
  value: "500000.00",
  stage: "SHOWING" as DealStage,
  version: 3,
  closedAt: null,
  lostReason: null,
  expectedClose: null,
  contact: { id: "6f1c2d4e-0000-4000-8000-0000000000c1", name: "Dana Smith" },
  assignee: null,
};
const columns: BoardColumn[] = DEAL_STAGES.map((stage) => ({
  stage,
  count: stage === "SHOWING" ? 1 : 0,
  sum: stage === "SHOWING" ? "500000.00" : "0",
  deals: stage === "SHOWING" ? [deal] : [],
}));

const column = (stage: DealStage) => document.querySelector<HTMLElement>(`[data-stage="${stage}"]`)!;
const cardIn = (stage: DealStage) =>
  within(column(stage)).queryByRole("listitem", { name: "Smith purchase" });

function renderBoard() {
  renderWithToasts(<PipelineBoard organization="lakeside" columns={columns} canWrite assignees={[]} />);
}

/** What the browser carries during a drag (jsdom has no DataTransfer). */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? "",
    effectAllowed: "all",
    dropEffect: "none",
  };
}

const ok = (stage: DealStage): MoveResult => ({
  ok: true,
  data: { id: ID, title: deal.title, stage, version: 4 },
});

describe("pipeline board", () => {
  it("moves a deal dragged onto another column, at once, with the version it showed", async () => {
    const pending = deferred<MoveResult>();
    actions.moveDealStageAction.mockReturnValue(pending.promise);
    renderBoard();
    const dt = dataTransfer();
    fireEvent.dragStart(cardIn("SHOWING")!, { dataTransfer: dt });
    fireEvent.dragOver(column("OFFER"), { dataTransfer: dt });
    fireEvent.drop(column("OFFER"), { dataTransfer: dt });

    expect(actions.moveDealStageAction).toHaveBeenCalledWith({
      organization: "lakeside",
      id: ID,
      stage: "OFFER",
      version: 3,
    });
    // Optimistic: the card is in Offer before the server answers, and the counts follow.
    expect(cardIn("OFFER")).not.toBeNull();
    expect(cardIn("SHOWING")).toBeNull();
    expect(within(column("OFFER")).getByText("1 deal · $500,000")).toBeTruthy();
    await act(async () => pending.resolve(ok("OFFER")));
    expect(await screen.findByText("Smith purchase moved to Offer")).toBeTruthy();
  });

  it("moves a deal from the keyboard through its Move to… menu", async () => {
    actions.moveDealStageAction.mockResolvedValue(ok("UNDER_CONTRACT"));
    renderBoard();
    const button = screen.getByRole("button", { name: "Move Smith purchase to…" });
    press(button);
    const menu = screen.getByRole("menu", { name: "Move Smith purchase to" });
    const items = within(menu).getAllByRole("menuitem");
    // The other stages only, and focus starts on the first.
    expect(items.map((i) => i.textContent)).toEqual([
      "Lead",
      "Qualified",
      "Offer",
      "Under contract",
      "Closed — won",
      "Closed — lost",
    ]);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    fireEvent.keyDown(menu, { key: "End" });
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(document.activeElement).toBe(items[3]);
    fireEvent.click(document.activeElement!);

    await waitFor(() => expect(cardIn("UNDER_CONTRACT")).not.toBeNull());
    expect(actions.moveDealStageAction).toHaveBeenCalledWith(
      expect.objectContaining({ id: ID, stage: "UNDER_CONTRACT", version: 3 }),
    );
    expect(screen.queryByRole("menu")).toBeNull();
    // Focus follows the card to its new column.
    expect(document.activeElement).toBe(
      within(cardIn("UNDER_CONTRACT")!).getByRole("button", { name: "Move Smith purchase to…" }),
    );
    expect(button.isConnected).toBe(false);

    // Escape closes the menu without moving anything.
    press(screen.getByRole("button", { name: "Move Smith purchase to…" }));
    fireEvent.keyDown(screen.getByRole("menu"), { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(actions.moveDealStageAction).toHaveBeenCalledTimes(1);
  });

  it("puts the card back and says why when the server refuses the move", async () => {
    actions.moveDealStageAction.mockResolvedValue({
      ok: false,
      error: { code: "CONFLICT", message: "Someone changed this deal since you opened it." },
    });
    renderBoard();
    press(screen.getByRole("button", { name: "Move Smith purchase to…" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Qualified" }));

    expect(
      await screen.findByText(
        /Smith purchase stayed in Showing: Someone changed this deal since you opened it\./,
      ),
    ).toBeTruthy();
    expect(cardIn("SHOWING")).not.toBeNull();
    expect(cardIn("QUALIFIED")).toBeNull();
    expect(within(column("SHOWING")).getByText("1 deal · $500,000")).toBeTruthy();
  });

  it("asks why a deal was lost and sends nothing without a reason", async () => {
    actions.moveDealStageAction.mockResolvedValue(ok("CLOSED_LOST"));
    renderBoard();
    // Lost is collapsed: dropping on its narrow column asks the question too.
    expect(within(column("CLOSED_LOST")).getByRole("button", { name: /Show Closed — lost/ })).toBeTruthy();
    const dt = dataTransfer();
    fireEvent.dragStart(cardIn("SHOWING")!, { dataTransfer: dt });
    fireEvent.dragOver(column("CLOSED_LOST"), { dataTransfer: dt });
    fireEvent.drop(column("CLOSED_LOST"), { dataTransfer: dt });

    const dialog = await screen.findByRole("dialog", { name: "Why was Smith purchase lost?" });
    press(within(dialog).getByRole("button", { name: "Mark as lost" }));
    expect(await within(dialog).findByText("Say why the deal was lost")).toBeTruthy();
    expect(actions.moveDealStageAction).not.toHaveBeenCalled();
    expect(cardIn("SHOWING")).not.toBeNull();

    press(within(dialog).getByRole("button", { name: "Went with another agent" }));
    press(within(dialog).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() =>
      expect(actions.moveDealStageAction).toHaveBeenCalledWith(
        expect.objectContaining({
          id: ID,
          stage: "CLOSED_LOST",
          version: 3,
          lostReason: "Went with another agent",
        }),
      ),
    );
    expect(await screen.findByText("Smith purchase marked lost")).toBeTruthy();
    // Opening the collapsed column shows the card with its reason.
    press(within(column("CLOSED_LOST")).getByRole("button", { name: /Show Closed — lost/ }));
    expect(within(column("CLOSED_LOST")).getByText("Lost: Went with another agent")).toBeTruthy();
  });
});
