-- private.begin_request also claims a create form's idempotency key (issue 15: one statement fewer for every
-- keyed create — the key's lock and live row were a statement of their own after the access check). Two arguments
-- more, so the six-argument function is dropped and the new one created, its body restated from
-- 20261206003500 (migrations are immutable; the next change to it starts from this body).

drop function if exists private.begin_request(text, text, boolean, text, integer, integer);

create or replace function private.begin_request(
  p_claims text,
  p_organization text,
  p_shell boolean,
  p_rate_key text,
  p_rate_limit integer,
  p_rate_window integer,
  p_idem_action text,
  p_idem_key text
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := nullif(p_claims::jsonb ->> 'sub', '')::uuid;
  v_by_id boolean := p_organization ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
  v_member jsonb;
  v_support jsonb;
  v_org uuid;
  v_rate jsonb;
  v_shell jsonb;
  v_orgs jsonb;
  v_idem jsonb;
begin
  perform set_config('request.jwt.claims', p_claims, true),
          set_config('app.user_id', coalesce(v_user::text, ''), true),
          set_config('app.organization_id', '', true);
  if v_user is null or p_organization is null then
    return jsonb_build_object('member', null, 'support', null);
  end if;

  select o.id,
         jsonb_build_object(
           'id', m.id, 'role', m.role, 'acceptedAt', m.accepted_at, 'grants', to_jsonb(m.grants),
           'organization', jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug),
           'subscription', case when s.organization_id is null then null
                                else jsonb_build_object('tier', s.tier, 'status', s.status) end)
    into v_org, v_member
    from public.organization_members m
    join public.organizations o on o.id = m.organization_id
    left join public.subscriptions s on s.organization_id = o.id
   where m.user_id = v_user
     and m.accepted_at is not null
     and (case when v_by_id then o.id = p_organization::uuid else o.slug = lower(p_organization) end)
     -- What the caller's own read of the row under RLS would see (a suspended account is a member of nothing).
     and m.organization_id in (select private.permitted_org_ids('members:read'));

  if v_member is null and exists (select 1 from public.users u where u.id = v_user and u.global_role = 'SUPPORT') then
    select o.id,
           jsonb_build_object(
             'id', g.id, 'reason', g.reason, 'createdAt', g.created_at, 'expiresAt', g.expires_at,
             'organization', jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug),
             'subscription', case when s.organization_id is null then null
                                  else jsonb_build_object('tier', s.tier, 'status', s.status) end)
      into v_org, v_support
      from public.support_access g
      join public.organizations o on o.id = g.organization_id
      left join public.subscriptions s on s.organization_id = o.id
     where g.user_id = v_user
       and g.expires_at > now()
       and (case when v_by_id then o.id = p_organization::uuid else o.slug = lower(p_organization) end)
     order by g.expires_at desc
     limit 1;
  end if;

  -- The switcher's organizations, read before the transaction is narrowed to this one (permitted_org_ids answers
  -- only for app.organization_id once it is set).
  if p_shell then
    select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role,
                                                 'tier', s.tier) order by o.name), '[]'::jsonb)
      into v_orgs
      from public.organization_members m
      join public.organizations o on o.id = m.organization_id
      left join public.subscriptions s on s.organization_id = o.id
     where m.user_id = v_user and m.accepted_at is not null
       and m.organization_id in (select private.permitted_org_ids('members:read'));
  end if;

  if v_org is not null then
    perform set_config('app.organization_id', v_org::text, true);
    if p_rate_key is not null then
      select jsonb_build_object('allowed', r.allowed, 'retryAfterSeconds', r.retry_after_seconds, 'hits', r.hits)
        into v_rate
        from private.hit_rate_limit(p_rate_key, p_rate_limit, p_rate_window) r;
    end if;
  end if;
  -- A create form's idempotency key, claimed for a member whose request may go on (lib/database/idempotency.ts):
  -- the key's scope locked to commit and its live row read, as idempotency_begin does for any transaction. The
  -- app's own checks of role and plan follow this statement; a refusal rolls the claim back with everything else.
  if p_idem_key is not null and v_member is not null and coalesce((v_rate ->> 'allowed')::boolean, true) then
    select jsonb_build_object('row', (select jsonb_build_object('inputHash', i.input_hash, 'result', i.result::text)
                                        from private.idempotency_begin(p_idem_action, p_idem_key) i))
      into v_idem;
  end if;
  if p_shell then
    v_shell := jsonb_build_object(
      'organizations', v_orgs,
      'unread', (select count(*) from public.notifications n
                  where n.organization_id = v_org and n.user_id = v_user and n.read_at is null));
  end if;
  return jsonb_build_object('member', v_member, 'support', v_support, 'rate', v_rate, 'shell', v_shell,
                            'idempotency', v_idem);
end;
$$;
revoke all on function private.begin_request(text, text, boolean, text, integer, integer, text, text) from public;
grant execute on function private.begin_request(text, text, boolean, text, integer, integer, text, text)
  to hearth_app;
