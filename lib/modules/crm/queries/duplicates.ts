import "server-only";
// Likely duplicates in an organization: pairs of contacts with the same email once a "+label" is set aside (emails
// are stored lowercase and unique per organization, so sam+work@ and sam@ are what can differ), the same phone number
// (its last 10 digits, so "+1 (555) 010-2000" and "555 010 2000" match), or a similar name: the same once case,
// accents, punctuation and spacing are set aside ("Zoë Haddad" / "zoe  haddad."), or the same last name with one
// first name the start of the other ("Jon Parker" / "Jonathan Parker", "Pat" / "Patricia"; three letters at least).
// Each rule is an equality join (hash joins on a key — the similar first names only within one last name — never a
// comparison of every contact with every other), read under RLS as the caller; pairs someone marked "not a duplicate"
// stay hidden.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { DUPLICATE_REASONS, DUPLICATES_LIMIT, type DuplicateReason } from "../schemas";

export interface DuplicateSide {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  createdAt: string;
  dealCount: number;
}

export interface DuplicatePair {
  a: DuplicateSide;
  b: DuplicateSide;
  reasons: DuplicateReason[];
}

interface Row {
  a: string;
  b: string;
  reasons: string[];
}
interface SideRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  created_at: Date;
  deal_count: number;
}

export async function findDuplicates(ctx: AuthContext): Promise<DuplicatePair[]> {
  const orgId = ctx.organization.id;
  return withTenantContext(ctx, async (tx) => {
    const pairs = await tx.$queryRaw<Row[]>`
      with k as (
        select c.id,
               regexp_replace(c.email, '[+][^@]*@', '@') as e,
               nullif(right(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g'), 10), '') as p,
               nullif(btrim(regexp_replace(translate(lower(c.name), -- lower() folds only ASCII under the C collation
                 'áàâäãåāçćčéèêëēíìîïīñńóòôöõøōúùûüūýÿšžÁÀÂÄÃÅĀÇĆČÉÈÊËĒÍÌÎÏĪÑŃÓÒÔÖÕØŌÚÙÛÜŪÝŸŠŽ',
                 'aaaaaaaccceeeeeiiiiinnooooooouuuuuyyszaaaaaaaccceeeeeiiiiinnooooooouuuuuyysz'),
                 '[^[:alnum:]]+', ' ', 'g')), '') as n
          from public.contacts c
         where c.organization_id = ${orgId}::uuid
      ), named as (
        select k.id, k.n, split_part(k.n, ' ', 1) as first, regexp_replace(k.n, '^.* ', '') as last
          from k where k.n like '% %'
      ), found as (
        select a.id as a, b.id as b, 'email' as reason from k a join k b on a.e = b.e and a.id < b.id
        union all
        select a.id, b.id, 'phone' from k a join k b on a.p = b.p and a.id < b.id where length(a.p) >= 7
        union all
        select a.id, b.id, 'name' from k a join k b on a.n = b.n and a.id < b.id
        union all
        select a.id, b.id, 'name' from named a join named b on a.last = b.last and a.id < b.id
         where a.n <> b.n and least(length(a.first), length(b.first)) >= 3
           and (starts_with(a.first, b.first) or starts_with(b.first, a.first))
      )
      select f.a::text as a, f.b::text as b, array_agg(distinct f.reason order by f.reason) as reasons
        from found f
       where not exists (select 1 from public.contact_duplicate_dismissals d
                          where d.contact_a = f.a and d.contact_b = f.b)
       group by f.a, f.b
       order by count(*) desc, min(f.a::text), f.b
       limit ${DUPLICATES_LIMIT}`;
    if (pairs.length === 0) return [];
    const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
    const sides = await tx.$queryRaw<SideRow[]>`
      select c.id::text as id, c.name, c.email, c.phone, c.company, c.created_at,
             (select count(*)::int from public.deals d
               where d.organization_id = c.organization_id and d.contact_id = c.id) as deal_count
        from public.contacts c
       where c.organization_id = ${orgId}::uuid and c.id = any(${ids}::uuid[])`;
    const byId = new Map(
      sides.map((s): [string, DuplicateSide] => [
        s.id,
        {
          id: s.id,
          name: s.name,
          email: s.email,
          phone: s.phone,
          company: s.company,
          createdAt: s.created_at.toISOString(),
          dealCount: s.deal_count,
        },
      ]),
    );
    return pairs.flatMap((p) => {
      const a = byId.get(p.a);
      const b = byId.get(p.b);
      const reasons = DUPLICATE_REASONS.filter((r) => p.reasons.includes(r));
      return a && b ? [{ a, b, reasons }] : [];
    });
  });
}
