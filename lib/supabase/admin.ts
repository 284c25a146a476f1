import "server-only";
// Service-role clients: bypass RLS and reach admin APIs. Server-only — never imported by client code (a test
// scans the browser bundle for this module and for the key). Use only after the caller was authorized.
import { createClient } from "@supabase/supabase-js";
import { AppError } from "../errors";
import { getProject, PRIMARY } from "./projects";

export function createAdminSupabase(projectName: string = PRIMARY) {
  const project = getProject(projectName);
  if (!project.serviceRoleKey) {
    throw new AppError(
      "INTERNAL",
      `The service-role key of Supabase project "${project.name}" is not configured.`,
    );
  }
  return createClient(project.url, project.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
