// Listing a bucket: POST /object/list/{bucket} (Storage's `search()`: one folder level, offset pagination) and
// POST /object/list-v2/{bucket} (Storage's listObjectsV2: flat or folder-grouped, cursor pagination). Both run as
// the caller, so RLS on storage.objects decides what is listed.
import { sendJson } from "../http";
import { asCaller } from "./db";
import { ERRORS } from "./errors";
import {
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  readBody,
  requiredString,
  type Body,
} from "./request-body";
import type { StorageCall, StorageContext } from "./storage-context";
import { mustBeValidBucketName } from "./validation";

const LIST_SORT_COLUMNS = ["name", "updated_at", "created_at", "last_accessed_at"] as const;
const LIST_V2_SORT_COLUMNS = ["name", "updated_at", "created_at"] as const;
type Order = "asc" | "desc";

/** `sortBy: {column, order?}` as Storage's schemas check it; undefined when absent. */
function sortByOf<C extends string>(
  body: Body,
  columns: readonly C[],
): { column: C; order?: Order } | undefined {
  if (body.sortBy === undefined) return undefined;
  if (body.sortBy === null || typeof body.sortBy !== "object" || Array.isArray(body.sortBy)) {
    throw ERRORS.validation("body/sortBy must be object");
  }
  const sortBy = body.sortBy as Body;
  if (sortBy.column === undefined)
    throw ERRORS.validation("body/sortBy must have required property 'column'");
  return {
    column: optionalEnum(sortBy, "column", columns, "body/sortBy")!,
    order: optionalEnum(sortBy, "order", ["asc", "desc"] as const, "body/sortBy"),
  };
}

/**
 * POST /object/list/{bucket}: the entries directly under `prefix` (a folder prefix), files and folders (id null),
 * filtered by a case-insensitive `search` on the name, sorted, paginated — the shape of Storage's `search()`.
 */
export async function listObjects(sc: StorageContext, c: StorageCall, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBody(c.req);
  let prefix = requiredString(body, "prefix");
  const limit = Math.min(optionalInteger(body, "limit", 1) ?? 100, 1500);
  const offset = optionalInteger(body, "offset", 0) ?? 0;
  const search = optionalString(body, "search") ?? "";
  const { column = "name", order = "asc" } = sortByOf(body, LIST_SORT_COLUMNS) ?? {};
  if (prefix.length > 0 && !prefix.endsWith("/")) prefix = `${prefix}/`;

  // Folders sort as "name/" among files (as Storage's skip-scan over full names does); for other columns,
  // folders come first, then files.
  const orderBy =
    column === "name"
      ? `lower(case when is_folder then name || '/' else name end) collate "C" ${order}`
      : `is_folder desc, (case when is_folder then name end) ${order}, ${column} ${order}, name collate "C" ${order}`;
  const rows = await asCaller(sc.db, c.caller, async (tx) => {
    const result = await tx.query(
      `with matched as (
         select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
                substr(o.name, $3::int + 1) as rel
           from storage.objects o
          where o.bucket_id = $1 and starts_with(lower(o.name), lower($2))
       ), entries as (
         select split_part(rel, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
                null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata,
                true as is_folder
           from matched where strpos(rel, '/') > 0
          group by split_part(rel, '/', 1)
         union all
         select rel, id, updated_at, created_at, last_accessed_at, metadata, false
           from matched where strpos(rel, '/') = 0
       )
       select name, id, updated_at, created_at, last_accessed_at, metadata from entries
        order by ${orderBy}
        limit $4 offset $5`,
      [bucketId, prefix + search, prefix.length, limit, offset],
    );
    return result.rows;
  });
  sendJson(c.res, 200, rows);
}

/** Storage's continuation token: base64 of `l:<start after>`, `o:<order>`, `c:<column>`, `a:<column value after>`
 * lines (only those that are set). */
interface Cursor {
  startAfter: string;
  sortOrder?: string;
  sortColumn?: string;
  sortColumnAfter?: string;
}
const CURSOR_PARTS: Record<string, keyof Cursor> = {
  l: "startAfter",
  o: "sortOrder",
  c: "sortColumn",
  a: "sortColumnAfter",
};

function encodeCursor(cursor: Cursor): string {
  const lines = Object.entries(CURSOR_PARTS)
    .filter(([, field]) => cursor[field])
    .map(([part, field]) => `${part}:${cursor[field]}`);
  return Buffer.from(lines.join("\n")).toString("base64");
}

function decodeCursor(token: string): Cursor {
  const cursor: Cursor = { startAfter: "", sortOrder: "asc" };
  for (const line of Buffer.from(token, "base64").toString().split("\n")) {
    const m = /^(\S):(.*)/.exec(line);
    const field = m ? CURSOR_PARTS[m[1]!] : undefined;
    if (!m || !field) throw ERRORS.invalidParameter("continuation token");
    cursor[field] = m[2]!;
  }
  return cursor;
}

interface ListV2Row {
  key?: string;
  name: string;
  id: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: Record<string, unknown> | null;
}

/**
 * POST /object/list-v2/{bucket} {prefix, limit, cursor, with_delimiter, sortBy} → {hasNext, nextCursor, folders,
 * objects}. `prefix` is a literal start of the key (not a folder). Without `with_delimiter` every object under it is
 * listed; with it, keys with a further "/" are grouped into folders ("photos/"), placed where their first key sorts
 * (by name), or by their first object's creation time (by created_at / updated_at), as Storage's search_v2 does.
 */
export async function listObjectsV2(sc: StorageContext, c: StorageCall, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBody(c.req);
  const prefix = optionalString(body, "prefix") ?? "";
  const limit = Math.min(optionalInteger(body, "limit", 1) ?? 1000, 1000);
  const token = optionalString(body, "cursor");
  const grouped = optionalBoolean(body, "with_delimiter") ?? false;
  const sortBy = sortByOf(body, LIST_V2_SORT_COLUMNS);
  const cursor = token ? decodeCursor(token) : undefined;
  const order: Order = (cursor?.sortOrder || sortBy?.order) === "desc" ? "desc" : "asc";
  const requested = cursor?.sortColumn || sortBy?.column;
  const column = LIST_V2_SORT_COLUMNS.find((col) => col === requested) ?? "name";
  const after = order === "asc" ? ">" : "<";

  // $1 bucket, $2 prefix, $3 grouped, $4 rows to read, $5 start after ("" for none), $6 its column value.
  const values: unknown[] = [bucketId, prefix, grouped, limit + 1, cursor?.startAfter ?? ""];
  if (column !== "name") values.push(cursor?.sortColumnAfter ?? "");
  const folderTime = column === "name" ? "null::timestamptz" : "min(created_at)";
  const page =
    column === "name"
      ? `where $5 = '' or sort_name collate "C" ${after} (case when $3 and exists (
             select 1 from storage.objects o where o.bucket_id = $1 and starts_with(o.name, $5 || '/')
           ) then $5 || '/' else $5 end)
         order by sort_name collate "C" ${order}`
      : `where $5 = '' or row(date_trunc('milliseconds', ${column}), name collate "C") ${after}
           row(coalesce(nullif($6, '')::timestamptz, 'epoch'::timestamptz), $5)
         order by coalesce(date_trunc('milliseconds', ${column}), 'epoch'::timestamptz) ${order},
                  name collate "C" ${order}`;
  const rows = await asCaller(sc.db, c.caller, async (tx) => {
    const result = await tx.query<ListV2Row & { is_folder: boolean }>(
      `with matched as (
         select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
                case when $3 and strpos(substr(o.name, length($2) + 1), '/') > 0
                     then left(o.name, length($2) + strpos(substr(o.name, length($2) + 1), '/')) end as folder
           from storage.objects o
          where o.bucket_id = $1 and starts_with(o.name, $2)
       ), entries as (
         select rtrim(folder, '/') as name, folder as sort_name, null::uuid as id, ${folderTime} as updated_at,
                ${folderTime} as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata,
                true as is_folder
           from matched where folder is not null group by folder
         union all
         select name, name, id, updated_at, created_at, last_accessed_at, metadata, false
           from matched where folder is null
       )
       select name, id, updated_at, created_at, last_accessed_at, metadata, is_folder from entries
       ${page}
       limit $4`,
      values,
    );
    return result.rows;
  });

  const hasNext = rows.length > limit;
  const listed = rows.slice(0, limit);
  const level = prefix ? prefix.split("/").length : 1;
  const folders: ListV2Row[] = [];
  const objects: ListV2Row[] = [];
  for (const { is_folder: isFolder, ...row } of listed) {
    const entry = grouped ? { key: row.name.split("/")[level - 1] ?? "", ...row } : row;
    if (isFolder) folders.push({ ...entry, name: `${row.name}/` });
    else objects.push(entry);
  }
  const last = listed[listed.length - 1];
  const lastValue = column !== "name" ? last?.[column] : null;
  sendJson(c.res, 200, {
    hasNext,
    nextCursor:
      hasNext && last
        ? encodeCursor({
            startAfter: last.name,
            sortOrder: cursor?.sortOrder || sortBy?.order,
            sortColumn: cursor?.sortColumn || sortBy?.column,
            sortColumnAfter: lastValue ? new Date(lastValue).toISOString() : undefined,
          })
        : undefined,
    nextCursorKey: hasNext ? last?.name : undefined,
    folders,
    objects,
  });
}
