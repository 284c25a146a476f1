// `npm run bench`: starts one fresh local stack and runs every tests/bench/*.bench.ts against it, one after
// the other. Each benchmark measures its own baseline in the same run and prints ratios against it — never
// absolute pass/fail timings. `npm run bench -- realtime` runs only benchmarks whose file name matches.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { startStackProcess } from "../support/stack-process";

const root = path.resolve(import.meta.dirname, "..", "..");
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${only.join(", ")}.`);
  process.exit(1);
}

const stack = await startStackProcess();
let failed = 0;
try {
  for (const file of files) {
    console.info(`\n━━ ${file} ━━`);
    const res = spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", path.join(import.meta.dirname, file)],
      {
        cwd: root,
        env: { ...process.env, ...stack.env, HEARTH_TEST_STACK_DIR: stack.stackDir },
        stdio: "inherit",
      },
    );
    if (res.status !== 0) {
      failed++;
      console.error(`${file} exited with ${res.status}`);
    }
  }
} finally {
  await stack.stop();
  stack.remove();
}
process.exit(failed ? 1 : 0);
