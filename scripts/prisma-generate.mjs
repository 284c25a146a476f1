// `prisma generate` needs no schema engine, but the CLI tries to download one unless told where it is.
// Any existing executable satisfies the check; generate never runs it. Migrations never go through Prisma.
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env,
});
process.exit(res.status ?? 1);
