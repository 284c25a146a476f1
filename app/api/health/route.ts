// Database reachability for the error boundaries and for probes: 200 `{ ok: true }`, or 503 SERVICE_UNAVAILABLE
// with Retry-After (lib/health.ts).
import { databaseHealthResponse } from "@/lib/health";

export const dynamic = "force-dynamic";
export const GET = databaseHealthResponse;
