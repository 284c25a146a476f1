import "server-only";
// Server-only reads from a secondary Supabase project (e.g. a shared listings-media project): only configured
// projects, only buckets on that project's READ_BUCKETS allowlist, with that project's own keys — the
// browser never talks to it and the primary project's session is never touched.
import { AppError } from "../errors";
import { createAdminSupabase } from "./admin";
import { getProject, PRIMARY } from "./projects";

const SAFE_KEY = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._\-/ ]{1,512}$/;

export async function readProjectObject(projectName: string, bucket: string, key: string): Promise<Response> {
  if (projectName === PRIMARY)
    throw new AppError("NOT_FOUND", "Use the app's own document routes for the primary project.");
  const project = getProject(projectName);
  if (!project.readBuckets.includes(bucket))
    throw new AppError("NOT_FOUND", "That bucket is not readable through Hearth.");
  if (!SAFE_KEY.test(key) || key.startsWith("/")) throw new AppError("VALIDATION", "Invalid object path.");
  const admin = createAdminSupabase(projectName);
  const { data, error } = await admin.storage.from(bucket).createSignedUrl(key, 60);
  if (error || !data) throw new AppError("NOT_FOUND", "That file doesn't exist.");
  const upstream = await fetch(data.signedUrl);
  if (!upstream.ok || !upstream.body) throw new AppError("NOT_FOUND", "That file doesn't exist.");
  return new Response(upstream.body, {
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/octet-stream",
      ...(upstream.headers.get("content-length")
        ? { "content-length": upstream.headers.get("content-length")! }
        : {}),
      "cache-control": "private, max-age=60",
      "x-content-type-options": "nosniff",
    },
  });
}
