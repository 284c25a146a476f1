// The pure rules that turn a checklist template into a loop's key dates, tasks and document slots (used by
// createLoop and the demo seed), and how a due rule reads.
import { describe, expect, it } from "vitest";
import { addDays, dueDateFor, planChecklist, type TemplateItem } from "@/lib/modules/transactions/checklist";
import { dueRuleLabel, fromOffsetDays, toOffsetDays } from "@/lib/modules/transactions/schemas";

const task = (title: string, extra: Partial<TemplateItem> = {}): TemplateItem => ({
  kind: "TASK",
  title,
  category: "OTHER",
  assigneeRole: null,
  keyDateKind: null,
  offsetDays: null,
  required: true,
  ...extra,
});
const document = (title: string, required = true): TemplateItem => ({
  ...task(title),
  kind: "DOCUMENT",
  category: null,
  required,
});

const ITEMS: TemplateItem[] = [
  task("Deliver earnest money", { keyDateKind: "ACCEPTANCE", offsetDays: 3, assigneeRole: "BUYERS_AGENT" }),
  document("Purchase agreement"),
  task("Order the inspection", { keyDateKind: "INSPECTION", offsetDays: -7, category: "DUE_DILIGENCE" }),
  task("Confirm the appraisal", { keyDateKind: "APPRAISAL", offsetDays: -10, assigneeRole: "LENDER" }),
  task("Send a thank-you card", { assigneeRole: "BUYERS_AGENT" }),
  task("Final walkthrough", { keyDateKind: "CLOSING", offsetDays: 0, assigneeRole: "BUYERS_AGENT" }),
  document("Loan commitment", false),
];

describe("planChecklist", () => {
  it("makes one task per task item in order, due from its key date's date, none without one", () => {
    const plan = planChecklist(ITEMS, { dates: { CLOSING: "2027-03-31", ACCEPTANCE: "2027-02-27" } });
    expect(plan.tasks).toEqual([
      {
        title: "Deliver earnest money",
        category: "OTHER",
        sortOrder: 0,
        keyDateKind: "ACCEPTANCE",
        dueOffsetDays: 3,
        dueDate: "2027-03-02", // across the end of February
        assigneeId: null,
      },
      expect.objectContaining({
        title: "Order the inspection",
        sortOrder: 1,
        keyDateKind: "INSPECTION",
        dueDate: null,
      }),
      expect.objectContaining({
        title: "Confirm the appraisal",
        sortOrder: 2,
        dueOffsetDays: -10,
        dueDate: null,
      }),
      expect.objectContaining({
        title: "Send a thank-you card",
        keyDateKind: null,
        dueOffsetDays: null,
        dueDate: null,
      }),
      expect.objectContaining({
        title: "Final walkthrough",
        sortOrder: 4,
        dueOffsetDays: 0,
        dueDate: "2027-03-31",
      }),
    ]);
  });

  it("creates the key dates the tasks count from, and closing, in a transaction's order", () => {
    const plan = planChecklist(ITEMS, { dates: { CLOSING: "2027-03-31", POSSESSION: "2027-04-01" } });
    expect(plan.keyDates).toEqual([
      { kind: "ACCEPTANCE", date: null },
      { kind: "INSPECTION", date: null },
      { kind: "APPRAISAL", date: null },
      { kind: "CLOSING", date: "2027-03-31" },
    ]);
    expect(planChecklist([task("No dates")]).keyDates).toEqual([{ kind: "CLOSING", date: null }]);
  });

  it("assigns a task to the teammate holding its role, and leaves the others unassigned", () => {
    const plan = planChecklist(ITEMS, { people: { BUYERS_AGENT: "agent-1" } });
    expect(plan.tasks.map((t) => [t.title, t.assigneeId])).toEqual([
      ["Deliver earnest money", "agent-1"],
      ["Order the inspection", null],
      ["Confirm the appraisal", null],
      ["Send a thank-you card", "agent-1"],
      ["Final walkthrough", "agent-1"],
    ]);
  });

  it("makes one slot per document item, in order, keeping whether it is required", () => {
    expect(planChecklist(ITEMS).slots).toEqual([
      { title: "Purchase agreement", required: true, sortOrder: 0 },
      { title: "Loan commitment", required: false, sortOrder: 1 },
    ]);
  });

  it("ignores a custom key date on an item (the database refuses one) and gives such a task no due rule", () => {
    const plan = planChecklist([task("Odd", { keyDateKind: "CUSTOM", offsetDays: 2 })], {
      dates: { CLOSING: "2027-03-31" },
    });
    expect(plan.tasks[0]).toMatchObject({ keyDateKind: null, dueOffsetDays: null, dueDate: null });
  });
});

describe("dates and due rules", () => {
  it("counts calendar days across months, years and leap days", () => {
    expect(addDays("2028-02-27", 2)).toBe("2028-02-29");
    expect(addDays("2027-12-30", 3)).toBe("2028-01-02");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(dueDateFor("2027-05-10", -7)).toBe("2027-05-03");
    expect(dueDateFor(null, -7)).toBeNull();
    expect(dueDateFor("2027-05-10", null)).toBeNull();
  });

  it("reads a due rule the way a person says it", () => {
    expect(dueRuleLabel("INSPECTION", -2)).toBe("Inspection − 2 days");
    expect(dueRuleLabel("INSPECTION", -2, "short")).toBe("Inspection − 2 d");
    expect(dueRuleLabel("ACCEPTANCE", 1)).toBe("Acceptance + 1 day");
    expect(dueRuleLabel("CLOSING", 0)).toBe("Closing day");
    expect(dueRuleLabel(null, null)).toBeNull();
    expect(toOffsetDays(2, "BEFORE")).toBe(-2);
    expect(toOffsetDays(3, "AFTER")).toBe(3);
    expect(fromOffsetDays(-2)).toEqual({ dueDays: 2, dueDirection: "BEFORE" });
    expect(fromOffsetDays(3)).toEqual({ dueDays: 3, dueDirection: "AFTER" });
    expect(fromOffsetDays(null)).toEqual({ dueDays: 0, dueDirection: "BEFORE" });
  });
});
