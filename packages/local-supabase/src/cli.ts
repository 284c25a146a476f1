// `local-supabase` (`npm run stack`): runs the local stack in the foreground until Ctrl-C / SIGTERM.
import { readFileSync } from "node:fs";
import path from "node:path";
import { configFromEnv, StackError } from "./config";
import { STACK_DRILLS, startStack, type RunningStack, type StackDrill } from "./stack";

async function main() {
  const running: { stack?: RunningStack } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`\n[stack] ${signal}: stopping…`);
    await running.stack?.stop();
    console.info("[stack] stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  // The project whose supabase/migrations the stack applies, as the Supabase CLI's workdir: where it is run from.
  const config = configFromEnv(process.env, process.cwd());
  const opts = config.stack;
  console.info(
    `[stack] starting (data: ${path.relative(opts.projectRoot, opts.stackDir) || "."}/data, db port ${opts.dbPort}, api port ${opts.apiPort})`,
  );
  const stack = await startStack(config, (line) => {
    if (opts.verbose || /\b(FATAL|PANIC|failed|note)\b/.test(line)) console.info(line);
  });
  running.stack = stack;
  // Failure drills for tests (tests/support/stack-process.ts): SIGUSR2 runs the drill named in <stack dir>/drill.
  process.on("SIGUSR2", () => {
    if (stopping) return;
    let name = "";
    try {
      name = readFileSync(path.join(opts.stackDir, "drill"), "utf8").trim();
    } catch {
      // no drill file: reported below
    }
    const drill = (STACK_DRILLS as readonly string[]).includes(name)
      ? stack.drills[name as StackDrill]
      : null;
    if (!drill) return console.info(`[stack] drill "${name}" failed: unknown drill`);
    drill().then(
      () => console.info(`[stack] drill "${name}" done`),
      (err: unknown) => console.info(`[stack] drill "${name}" failed: ${(err as Error).message}`),
    );
  });
  if (stopping) return void (await stack.stop());
  console.info(`[stack] database  ${stack.env.DATABASE_URL}`);
  console.info(`[stack] supabase  ${stack.env.NEXT_PUBLIC_SUPABASE_URL}`);
  console.info(`[stack] env file  ${stack.envFile}`);
  console.info("STACK READY");
}

main().catch((err) => {
  if (err instanceof StackError) console.error(`[stack] ${err.message}`);
  else console.error(`[stack] failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
