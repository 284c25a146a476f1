import "server-only";
// Server-only reads from a secondary Supabase project (e.g. a shared listings-media project): only configured
// projects, only buckets on that project's READ_BUCKETS allowlist, with that project's own keys — the
// browser never talks to it and the primary project's session is never touched. Readers are members of at
// least one organization. What comes back is served on Hearth's origin, so nothing in it may run there:
// only raster images are shown inline, everything else is a download, and the sandbox CSP applies to both.
import { listUserOrganizations } from "../auth/guards";
import type { CurrentUser } from "../auth/current-user";
import { AppError } from "../errors";
import { FILE_CSP } from "../security/headers";
import { contentDisposition } from "../storage/filename";
import { createAdminSupabase } from "./admin";
import { getProject, PRIMARY } from "./projects";

const SAFE_KEY = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._\-/ ]{1,512}$/;

// Decoded as pictures, never as documents: no script, no markup. SVG and PDF are not here on purpose.
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

/** Content-Type and Content-Disposition for an object, whatever type the upstream claims. */
function servedObjectHeaders(upstreamType: string | null, key: string) {
  const type = (upstreamType ?? "").split(";")[0]!.trim().toLowerCase();
  if (INLINE_TYPES.has(type)) return { "content-type": type, "content-disposition": "inline" };
  return {
    "content-type": "application/octet-stream",
    "content-disposition": contentDisposition(key.split("/").pop() ?? ""),
  };
}

/**
 * Streams one object to `reader` — the signed-in, non-suspended user from requireUser() — if they have an
 * accepted membership somewhere (an account that only signed up reads nothing).
 */
export async function readProjectObject(
  reader: CurrentUser,
  projectName: string,
  bucket: string,
  key: string,
): Promise<Response> {
  if ((await listUserOrganizations(reader)).length === 0)
    throw new AppError("FORBIDDEN", "Join an organization to read shared files.");
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
  const length = upstream.headers.get("content-length");
  return new Response(upstream.body, {
    headers: {
      ...servedObjectHeaders(upstream.headers.get("content-type"), key),
      ...(length ? { "content-length": length } : {}),
      "content-security-policy": FILE_CSP,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=60",
    },
  });
}
