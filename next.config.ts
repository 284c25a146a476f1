import type { NextConfig } from "next";
import { staticHeaderRules } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // The server bundles must never inline the service-role key or Postgres drivers into client code;
  // these packages stay external on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  // E2E runs build into their own directory so a running `next dev` (or another run) keeps its own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Headers that need no per-request value, on every route (also those proxy.ts skips); pages get their
  // nonce-based Content-Security-Policy from proxy.ts.
  headers: async () => staticHeaderRules(),
};

export default nextConfig;
