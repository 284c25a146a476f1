// `npm run stack`: runs the local stack in the foreground until Ctrl-C / SIGTERM.
import path from "node:path";
import { StackError } from "./postgres";
import { startStack, stackOptionsFromEnv, type RunningStack } from "./stack";

// The project whose supabase/migrations the stack applies, as the Supabase CLI's workdir: where it is run from.
const projectRoot = process.cwd();
const verbose = process.env.STACK_VERBOSE === "1";

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

  const opts = stackOptionsFromEnv(projectRoot);
  console.info(
    `[stack] starting (data: ${path.relative(projectRoot, opts.stackDir) || "."}/data, db port ${opts.dbPort}, api port ${opts.apiPort})`,
  );
  const stack = await startStack({
    ...opts,
    log: (line) => {
      if (verbose || /\b(FATAL|PANIC|failed|note)\b/.test(line)) console.info(line);
    },
  });
  running.stack = stack;
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
