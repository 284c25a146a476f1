import "server-only";
// Master key rotation: re-wraps every live document's data key under the keyring's newest version without
// touching the stored ciphertext. Runs as the database owner from `npm run keys:rotate` (one of the named
// places outside a tenant context: it serves every organization). Batches are keyset-paginated by id and each
// is its own committed transaction, so the run is resumable; rows already at the newest version are not
// selected, so it is idempotent. A row whose current master key is missing from the keyring is reported and
// left as is (the run then exits non-zero).
import type { Db } from "@/lib/database/client";
import { unwrapWithKey, wrapWithKey } from "@/lib/storage/envelope";
import type { Keyring } from "@/lib/storage/keyring";

export interface RotationProgress {
  target: number;
  total: number;
  rotated: number;
  failed: Array<{ id: string; keyVersion: number; reason: string }>;
}

interface Row {
  id: string;
  organization_id: string;
  key_version: number;
  wrapped_key: Uint8Array;
}

const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

export async function rotateDocumentKeys(opts: {
  db: Db;
  ring: Keyring;
  batchSize?: number;
  onBatch?: (progress: RotationProgress) => void;
}): Promise<RotationProgress> {
  const { db, ring } = opts;
  const target = ring.current;
  const batchSize = opts.batchSize ?? 200;
  const targetKey = ring.keys.get(target)!;
  const [{ n }] = (await db.$queryRaw<Array<{ n: number }>>`
    select count(*)::int as n from public.transaction_documents where wrapped_key is not null and key_version <> ${target}::int`) as [
    { n: number },
  ];
  const progress: RotationProgress = { target, total: n, rotated: 0, failed: [] };

  let after = ZERO_UUID;
  for (;;) {
    const seen = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          select id::text as id, organization_id::text as organization_id, key_version, wrapped_key
            from public.transaction_documents
           where wrapped_key is not null and key_version <> ${target}::int and id > ${after}::uuid
           order by id
           limit ${batchSize}::int
           for update skip locked`;
        const ids: string[] = [];
        const keys: string[] = [];
        for (const row of rows) {
          const master = ring.keys.get(row.key_version);
          if (!master) {
            progress.failed.push({
              id: row.id,
              keyVersion: row.key_version,
              reason: `master key version ${row.key_version} is not in the keyring`,
            });
            continue;
          }
          const binding = { organizationId: row.organization_id, documentId: row.id };
          try {
            const dataKey = unwrapWithKey(row.wrapped_key, master, binding, row.key_version);
            keys.push(wrapWithKey(dataKey, targetKey, binding, target).toString("hex"));
            dataKey.fill(0);
            ids.push(row.id);
          } catch {
            progress.failed.push({
              id: row.id,
              keyVersion: row.key_version,
              reason: "the wrapped key does not unwrap (corrupt or bound to another document)",
            });
          }
        }
        if (ids.length > 0) {
          await tx.$executeRaw`
            update public.transaction_documents d
               set wrapped_key = decode(u.k, 'hex'), key_version = ${target}::int
              from (select unnest(${ids}::text[])::uuid as id, unnest(${keys}::text[]) as k) u
             where d.id = u.id and d.wrapped_key is not null`;
        }
        progress.rotated += ids.length;
        return rows;
      },
      { timeout: 60_000 },
    );
    if (seen.length === 0) break;
    after = seen[seen.length - 1]!.id;
    opts.onBatch?.({ ...progress, failed: [...progress.failed] });
  }
  return progress;
}
