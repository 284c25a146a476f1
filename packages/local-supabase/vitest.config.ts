import { defineProject } from "vitest/config";

// The platform's tests, against one stack started for them (the app's test harness starts it as `npm run stack`
// does); `npm test` at the root runs them as the project "local-supabase".
export default defineProject({
  test: {
    name: "local-supabase",
    include: ["tests/**/*.test.ts"],
    environment: "node",
    globalSetup: ["../../tests/support/global-setup.ts"],
    setupFiles: ["../../tests/support/setup-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
