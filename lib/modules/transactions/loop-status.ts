// Which loop status may follow which, as data. CLOSED is final; CANCELLED can only be reopened as a draft.
// Unit-tested in tests/unit/transactions-loop-status.test.ts; the service refuses anything not listed.
import type { LoopStatus } from "./schemas";

export const LOOP_STATUS_TRANSITIONS: Readonly<Record<LoopStatus, readonly LoopStatus[]>> = {
  DRAFT: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["DRAFT", "UNDER_CONTRACT", "CANCELLED"],
  UNDER_CONTRACT: ["ACTIVE", "CLOSING", "CANCELLED"],
  CLOSING: ["UNDER_CONTRACT", "CLOSED", "CANCELLED"],
  CLOSED: [],
  CANCELLED: ["DRAFT"],
};

export function canTransition(from: LoopStatus, to: LoopStatus): boolean {
  return LOOP_STATUS_TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: LoopStatus): readonly LoopStatus[] {
  return LOOP_STATUS_TRANSITIONS[from];
}

/** Loops that are still being worked on (for the default list filter). */
export const OPEN_STATUSES: readonly LoopStatus[] = ["DRAFT", "ACTIVE", "UNDER_CONTRACT", "CLOSING"];
