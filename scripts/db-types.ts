// `npm run db:types`: regenerates lib/supabase/database.types.ts from the database DIRECT_URL points to.
import { writeFile } from "node:fs/promises";
import { DB_TYPES_FILE, generateDatabaseTypes } from "./lib/db-types";
import { loadStackEnv, requireEnv } from "./lib/stack-env";

loadStackEnv();
const url = requireEnv("DIRECT_URL", "Start the local stack (`npm run stack`) or set DIRECT_URL.");
await writeFile(DB_TYPES_FILE, await generateDatabaseTypes(url));
console.info(`wrote ${DB_TYPES_FILE}`);
