#!/usr/bin/env node
// `local-supabase` (what `npm run stack` runs): the local platform in this process, its TypeScript loaded by tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
