// Server-only read proxy to a secondary Supabase project. Signed-in, non-suspended members of an organization
// only; the project and bucket must be configured (SUPABASE_PROJECT_<NAME>_READ_BUCKETS).
import { requireUser } from "@/lib/auth/authorize";
import { errorResponse } from "@/lib/http";
import { readProjectObject } from "@/lib/supabase/project-reader";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ project: string; bucket: string; key: string[] }> },
) {
  const { project, bucket, key } = await params;
  try {
    return await readProjectObject(await requireUser(), project, bucket, key.join("/"));
  } catch (err) {
    return errorResponse(err, "project object read");
  }
}
