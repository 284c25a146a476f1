import { defineConfig } from "prisma/config";

// Prisma only generates the client here: the SQL in supabase/migrations is applied by the Supabase CLI
// (`npm run db:migrate`). The URL is read lazily and only matters to Prisma CLI commands that connect.
export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DIRECT_URL ?? process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
