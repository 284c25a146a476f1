// Vitest global setup for integration tests: one fresh stack (Postgres + local Supabase platform) on free
// ports in a temporary directory, its settings exported to the test workers' environment.
import type { TestProject } from "vitest/node";
import { startStackProcess, type StackProcess } from "./stack-process";

let stack: StackProcess | undefined;

export async function setup(_project: TestProject) {
  stack = await startStackProcess();
  for (const [k, v] of Object.entries(stack.env)) process.env[k] = v;
  process.env.HEARTH_TEST_STACK_DIR = stack.stackDir;
  process.env.HEARTH_TEST_API_PORT = String(stack.apiPort);
  process.env.HEARTH_TEST_DB_PORT = String(stack.dbPort);
  process.env.HEARTH_TEST_STACK_PID = String(stack.pid);
}

export async function teardown() {
  await stack?.stop();
  stack?.remove();
}
