// Runs in the browser before any of the app's own code (Next's client instrumentation hook).
import { config } from "zod";

// zod compiles object parsers with `new Function` when it may, and finds out by trying: under the pages'
// Content-Security-Policy (no 'unsafe-eval') that probe is refused and reported as a violation. Parse without it.
config({ jitless: true });
