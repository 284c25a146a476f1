// Every test: a console.error fails it (an unexpected error path is a bug, not noise).
import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

let errors: unknown[][] = [];
let spy: MockInstance<typeof console.error> | undefined;
beforeEach(() => {
  errors = [];
  spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  spy?.mockRestore();
  if (errors.length > 0) {
    const text = errors
      .map((a) => a.map((x) => (x instanceof Error ? x.stack : String(x))).join(" "))
      .join("\n");
    throw new Error(`console.error was called during the test:\n${text}`);
  }
});
