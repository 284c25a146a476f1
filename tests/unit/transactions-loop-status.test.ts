// The loop status transition table: exactly the intended moves, CLOSED final, and every status reachable.
import { describe, expect, it } from "vitest";
import {
  canTransition,
  LOOP_STATUS_TRANSITIONS,
  nextStatuses,
  OPEN_STATUSES,
} from "@/lib/modules/transactions/schemas";
import { LOOP_STATUSES, type LoopStatus } from "@/lib/modules/transactions/schemas";

const ALLOWED: ReadonlyArray<[LoopStatus, LoopStatus]> = [
  ["DRAFT", "ACTIVE"],
  ["DRAFT", "CANCELLED"],
  ["ACTIVE", "DRAFT"],
  ["ACTIVE", "UNDER_CONTRACT"],
  ["ACTIVE", "CANCELLED"],
  ["UNDER_CONTRACT", "ACTIVE"],
  ["UNDER_CONTRACT", "CLOSING"],
  ["UNDER_CONTRACT", "CANCELLED"],
  ["CLOSING", "UNDER_CONTRACT"],
  ["CLOSING", "CLOSED"],
  ["CLOSING", "CANCELLED"],
  ["CANCELLED", "DRAFT"],
];

describe("loop status transitions", () => {
  it("allows exactly the listed moves (full matrix)", () => {
    for (const from of LOOP_STATUSES) {
      for (const to of LOOP_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it("has an entry for every status and no self-transitions", () => {
    expect(Object.keys(LOOP_STATUS_TRANSITIONS).sort()).toEqual([...LOOP_STATUSES].sort());
    for (const s of LOOP_STATUSES) expect(nextStatuses(s)).not.toContain(s);
  });

  it("makes CLOSED final: no CLOSED → DRAFT or anything else", () => {
    expect(nextStatuses("CLOSED")).toEqual([]);
    expect(canTransition("CLOSED", "DRAFT")).toBe(false);
  });

  it("reaches every status from a new draft", () => {
    const seen = new Set<LoopStatus>(["DRAFT"]);
    const queue: LoopStatus[] = ["DRAFT"];
    while (queue.length > 0) {
      for (const next of nextStatuses(queue.shift()!)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    expect([...seen].sort()).toEqual([...LOOP_STATUSES].sort());
  });

  it("counts only unfinished statuses as open", () => {
    expect([...OPEN_STATUSES].sort()).toEqual(["ACTIVE", "CLOSING", "DRAFT", "UNDER_CONTRACT"]);
  });
});
