import "server-only";
// Recomputes every organization's audit hash chain (an operator tool, run as the database owner outside any
// tenant context): each entry's chain_seq must follow the previous one, its prev_hash must be the previous hash,
// and its hash must equal sha256(prev_hash || canonical content) — hashed here, in Node, from the canonical
// text the database defines. The chain head must point at the last entry, so deleting the newest entries
// shows too. Reports the first broken link of each organization.
// Entries commit unsealed and the sealer links them shortly after (decision 0028): first, an entry that has waited
// longer than the sealing window is reported (the sealer is not running); then everything committed is sealed
// (unless `seal: false`, e.g. on a copy that must not change) and the chains are checked.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/database/client";
import { AUDIT_SEAL_WINDOW_SECONDS, sealAuditChains } from "../services/seal-chain";

export interface ChainProblem {
  organizationId: string;
  seq: number;
  entryId: string | null;
  problem: string;
}

export interface ChainReport {
  organizations: number;
  /** Sealed entries checked. */
  entries: number;
  /** Committed entries still waiting for the sealer after the check (0 unless `seal: false`). */
  unsealed: number;
  problems: ChainProblem[];
}

interface Row {
  id: string;
  seq_text: string;
  prev_hash: string;
  hash: string;
  canonical: string;
}

const GENESIS = "0".repeat(64);

export async function verifyAuditChains(
  db: Db,
  opts: { batchSize?: number; organizationId?: string; seal?: boolean; windowSeconds?: number } = {},
): Promise<ChainReport> {
  const batch = opts.batchSize ?? 5_000;
  const problems: ChainProblem[] = [];
  // Waited too long: unsealed although the organization's last sealing (or the entry's own transaction start, if
  // later) lies beyond the window. A sealer that runs seals every committed entry it sees, so this means none ran.
  const stale = await db.$queryRaw<Array<{ organization_id: string; id: string; seq: string }>>`
    select distinct on (l.organization_id) l.organization_id, l.id::text, l.seq::text
      from public.transaction_audit_logs l
      left join private.audit_chain_heads h on h.organization_id = l.organization_id
     where l.chain_seq is null
       and (${opts.organizationId ?? null}::uuid is null or l.organization_id = ${opts.organizationId ?? null}::uuid)
       and greatest(l.created_at, h.sealed_at)
           < now() - make_interval(secs => ${opts.windowSeconds ?? AUDIT_SEAL_WINDOW_SECONDS}::double precision)
     order by l.organization_id, l.seq`;
  for (const s of stale)
    problems.push({
      organizationId: s.organization_id,
      seq: 0,
      entryId: s.id,
      problem: `entry ${s.id} (appended #${s.seq}) waited more than ${opts.windowSeconds ?? AUDIT_SEAL_WINDOW_SECONDS} s to be sealed: is the sealer running?`,
    });
  if (opts.seal ?? true) await sealAuditChains(db, opts.organizationId);
  const orgs = await db.$queryRaw<
    Array<{ organization_id: string; last_seq: string | null; last_hash: string | null }>
  >`
    select o.organization_id, h.last_seq::text as last_seq, h.last_hash
      from (select distinct organization_id from public.transaction_audit_logs
            union select organization_id from private.audit_chain_heads) o
      left join private.audit_chain_heads h on h.organization_id = o.organization_id
     where ${opts.organizationId ?? null}::uuid is null or o.organization_id = ${opts.organizationId ?? null}::uuid
     order by 1`;
  let entries = 0;
  for (const org of orgs) {
    let expectedSeq = 1n;
    let prev = GENESIS;
    let broken: ChainProblem | null = null;
    let lastId: string | null = null;
    for (;;) {
      const rows = await db.$queryRaw<Row[]>`
        select id::text, chain_seq::text as seq_text, prev_hash, hash,
               private.audit_canonical(chain_seq, id, organization_id, user_id, action, entity_type, entity_id,
                                       old_values, new_values, created_at) as canonical
          from public.transaction_audit_logs
         where organization_id = ${org.organization_id}::uuid and chain_seq >= ${expectedSeq}
         order by chain_seq
         limit ${batch}`;
      for (const r of rows) {
        entries++;
        const seq = BigInt(r.seq_text);
        const at = { organizationId: org.organization_id, seq: Number(seq), entryId: r.id };
        if (seq !== expectedSeq)
          broken = {
            ...at,
            problem: `entry #${expectedSeq} is missing (the chain jumps to #${seq}): an entry was deleted`,
          };
        else if (r.prev_hash !== prev)
          broken = { ...at, problem: `entry #${seq} does not link to entry #${seq - 1n}: prev_hash differs` };
        else {
          const recomputed = createHash("sha256")
            .update(prev + r.canonical, "utf8")
            .digest("hex");
          if (recomputed !== r.hash)
            broken = { ...at, problem: `entry #${seq} was altered: its content no longer matches its hash` };
        }
        if (broken) break;
        prev = r.hash;
        lastId = r.id;
        expectedSeq = seq + 1n;
      }
      if (broken || rows.length < batch) break;
    }
    if (
      !broken &&
      org.last_seq !== null &&
      (BigInt(org.last_seq) !== expectedSeq - 1n || org.last_hash !== prev)
    ) {
      broken = {
        organizationId: org.organization_id,
        seq: Number(expectedSeq - 1n),
        entryId: lastId,
        problem: `the chain ends at #${expectedSeq - 1n} but its head says #${org.last_seq}: newer entries were deleted`,
      };
    }
    if (broken) problems.push(broken);
  }
  const [left] = await db.$queryRaw<Array<{ n: number }>>`
    select count(*)::int as n from public.transaction_audit_logs
     where chain_seq is null
       and (${opts.organizationId ?? null}::uuid is null or organization_id = ${opts.organizationId ?? null}::uuid)`;
  return { organizations: orgs.length, entries, unsealed: left?.n ?? 0, problems };
}
