// Server-only read proxy to a secondary Supabase project. Signed-in, non-suspended members of an organization
// only; the project and bucket must be configured (SUPABASE_PROJECT_<NAME>_READ_BUCKETS).
import { withUserRoute } from "@/lib/auth/org-route";
import { readProjectObject } from "@/lib/supabase/project-reader";

export const dynamic = "force-dynamic";
export const GET = withUserRoute<{ project: string; bucket: string; key: string[] }>(
  { name: "project object read" },
  async (_request, user, { project, bucket, key }) => readProjectObject(user, project, bucket, key.join("/")),
);
