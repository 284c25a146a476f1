// Stops what global-setup started, by PID.
import type { ChildProcess } from "node:child_process";
import type { StackProcess } from "../../support/stack-process";

export default async function globalTeardown() {
  const state = (globalThis as Record<string, unknown>).__hearthE2E as
    { stack: StackProcess; server: ChildProcess } | undefined;
  if (!state) return;
  if (state.server.exitCode === null) {
    const exited = new Promise((r) => state.server.once("exit", r));
    state.server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (state.server.exitCode === null) state.server.kill("SIGKILL");
  }
  await state.stack.stop();
  state.stack.remove();
}
