import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layers point down only: app/ → lib/modules → lib/<platform>; components/ hold UI without data access;
// packages/local-supabase/ is a separate service (a dev dependency) and shares no code with the app.
const platform = ["auth", "database", "supabase", "storage", "security"].map((d) => `./lib/${d}`);
// Feature modules reach each other only through their index.ts (what a module offers others: queries, the few
// services another module needs, types), never through their internals.
const modules = [
  "account",
  "activity",
  "crm",
  "dashboard",
  "documents",
  "notifications",
  "organizations",
  "support",
  "transactions",
];
const moduleBoundaries = modules.flatMap((target) =>
  modules
    .filter((from) => from !== target)
    .map((from) => ({
      target: `./lib/modules/${target}`,
      from: `./lib/modules/${from}`,
      except: ["./index.ts"],
      message: `modules import each other through their index.ts: import from "@/lib/modules/${from}"`,
    })),
);
// Pages and components use a module's public faces only: its index (server reads and types), its client-safe
// schemas, its server actions, its route handlers (app/api) and its browser-side client.
const modulePublicFaces = {
  group: [
    "@/lib/modules/*/*",
    "!@/lib/modules/*/schemas",
    "!@/lib/modules/*/actions",
    "!@/lib/modules/*/actions/*",
    "!@/lib/modules/*/routes",
    "!@/lib/modules/*/routes/*",
    "!@/lib/modules/*/client",
  ],
  message: "import a module's index, schemas, actions, routes or client — not its queries/services",
};
const serverOnly = [
  "./lib/database",
  "./lib/storage",
  "./lib/supabase/admin.ts",
  "./lib/supabase/server.ts",
  "./lib/auth",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
    },
    rules: {
      "import/no-cycle": ["error", { maxDepth: 10, ignoreExternal: true }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: ["./app", "./components", "./packages", "./tests"] },
            { target: "./components", from: [...serverOnly, "./app", "./packages"] },
            {
              target: platform,
              from: "./lib/modules",
              message: "platform code must not depend on feature modules",
            },
            { target: "./packages", from: ["./app", "./lib", "./components"] },
            { target: "./app", from: "./packages" },
            ...moduleBoundaries,
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "info"] }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "@/lib/database/*", "**/lib/database/*"],
              message: "app/ never touches Prisma; call a module's service or action",
            },
            modulePublicFaces,
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [modulePublicFaces] }] },
  },
  {
    files: ["scripts/**", "packages/*/src/**", "packages/*/tests/**", "tests/**"],
    rules: { "no-console": "off" },
  },
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".stack/**",
    "lib/database/generated/**",
    "lib/supabase/database.types.ts",
    "playwright-report/**",
    "test-results/**",
  ]),
]);
