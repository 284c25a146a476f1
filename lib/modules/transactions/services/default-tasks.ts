// The tasks every new transaction loop starts with: one per stage. The canonical list — the app's
// createLoop and the demo seed (scripts/seed.ts) both use it.
import type { TaskCategory } from "../schemas";

export interface DefaultTask {
  title: string;
  category: TaskCategory;
  /** Due this many days before the expected closing date (when the loop has one). */
  daysBeforeClosing: number;
}

export const DEFAULT_TASKS: readonly DefaultTask[] = [
  { title: "Pre-listing: comparative market analysis", category: "PRE_LISTING", daysBeforeClosing: 60 },
  { title: "Listing: photos and listing agreement", category: "LISTING", daysBeforeClosing: 45 },
  { title: "Under contract: inspection and appraisal", category: "UNDER_CONTRACT", daysBeforeClosing: 21 },
  { title: "Closing: final walkthrough and settlement", category: "CLOSING", daysBeforeClosing: 0 },
];
