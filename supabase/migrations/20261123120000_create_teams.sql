-- Profiles, teams, memberships and invites: who belongs where.
--
-- Conventions for every migration:
-- * RLS on every table, deny by default; policies use (select auth.uid()) so Postgres evaluates
--   it once per statement, and every column a policy filters on is indexed.
-- * The data API is the set of functions in schema public. They are SECURITY INVOKER: RLS applies
--   to them exactly as to a direct query. Where a rule needs to see past RLS, a SECURITY DEFINER
--   helper in schema private (not exposed by PostgREST) does that one thing, with search_path ''.
-- * Errors are raised with a message key (translated by the app) and a SQLSTATE the app maps to
--   an HTTP status: 22023 bad input (400), 42501 forbidden (403), P0002 not found (404),
--   P0001 refused by a rule of the domain (409).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- Tables -------------------------------------------------------------------------------------

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(btrim(display_name)) between 1 and 60),
  locale text not null default 'nl' check (locale in ('nl', 'en')),
  created_at timestamptz not null default now()
);
alter table public.profiles enable row level security;

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 2 and 80),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
alter table public.teams enable row level security;
create index teams_created_by_idx on public.teams (created_by);

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('facilitator', 'member')),
  joined_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
alter table public.team_members enable row level security;
create index team_members_user_id_idx on public.team_members (user_id);

create table public.team_invites (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- Two random UUIDs: 244 random bits, URL-safe, no extension needed.
  token text not null unique
    default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  role text not null default 'member' check (role in ('facilitator', 'member')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  revoked_at timestamptz,
  accepted_count integer not null default 0
);
alter table public.team_invites enable row level security;
create index team_invites_team_id_idx on public.team_invites (team_id);
create index team_invites_created_by_idx on public.team_invites (created_by);

-- Helpers for policies (security definer: they read memberships past RLS, for the caller only) --

create function private.is_member_account() returns boolean
language sql stable
set search_path = ''
as $$
  -- A signed-in person with an account, not an anonymous session participant.
  select (select auth.uid()) is not null
     and coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) = false
$$;

create function private.my_team_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select team_id from public.team_members where user_id = (select auth.uid())
$$;

create function private.my_facilitated_team_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select team_id from public.team_members
  where user_id = (select auth.uid()) and role = 'facilitator'
$$;

create function private.my_teammate_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct other.user_id
  from public.team_members mine
  join public.team_members other on other.team_id = mine.team_id
  where mine.user_id = (select auth.uid())
$$;

revoke execute on all functions in schema private from public;
grant execute on function private.is_member_account(), private.my_team_ids(),
  private.my_facilitated_team_ids(), private.my_teammate_ids() to anon, authenticated;

-- Triggers -------------------------------------------------------------------------------------

-- Every new auth user gets a profile; the display name comes from sign-up metadata.
create function private.create_profile_for_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name, locale)
  values (
    new.id,
    left(coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(split_part(coalesce(new.email, ''), '@', 1), ''),
      'Deelnemer'), 60),
    case when new.raw_user_meta_data ->> 'locale' = 'en' then 'en' else 'nl' end)
  on conflict (id) do nothing;
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.create_profile_for_new_user();

-- Whoever creates a team becomes its first facilitator.
create function private.add_team_creator() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.team_members (team_id, user_id, role)
    values (new.id, new.created_by, 'facilitator');
  end if;
  return new;
end
$$;

create trigger on_team_created
  after insert on public.teams
  for each row execute function private.add_team_creator();

-- A team that still has members always keeps a facilitator.
create function private.keep_a_facilitator() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.role = 'facilitator'
     and (tg_op = 'DELETE' or new.role <> 'facilitator')
     and exists (select 1 from public.teams t where t.id = old.team_id)
     and exists (select 1 from public.team_members m
                 where m.team_id = old.team_id and m.user_id <> old.user_id)
     and not exists (select 1 from public.team_members m
                     where m.team_id = old.team_id and m.user_id <> old.user_id
                       and m.role = 'facilitator') then
    raise exception 'last_facilitator' using errcode = 'P0001';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger keep_a_facilitator
  before update of role or delete on public.team_members
  for each row execute function private.keep_a_facilitator();

-- Policies -------------------------------------------------------------------------------------

create policy "people read their own profile and their teammates'" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or id in (select private.my_teammate_ids()));
create policy "people update their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy "members read their teams" on public.teams
  for select to authenticated using (id in (select private.my_team_ids()));
create policy "account holders create teams they own" on public.teams
  for insert to authenticated
  with check ((select private.is_member_account()) and created_by = (select auth.uid()));
create policy "facilitators update their team" on public.teams
  for update to authenticated
  using (id in (select private.my_facilitated_team_ids()))
  with check (id in (select private.my_facilitated_team_ids()));

create policy "members see who is in their teams" on public.team_members
  for select to authenticated using (team_id in (select private.my_team_ids()));
create policy "facilitators change roles in their team" on public.team_members
  for update to authenticated
  using (team_id in (select private.my_facilitated_team_ids()))
  with check (team_id in (select private.my_facilitated_team_ids()));
create policy "members leave, facilitators remove" on public.team_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or team_id in (select private.my_facilitated_team_ids()));

create policy "facilitators manage invites" on public.team_invites
  for all to authenticated
  using (team_id in (select private.my_facilitated_team_ids()))
  with check (team_id in (select private.my_facilitated_team_ids()));

-- Anonymous session participants never touch team administration, whatever else a policy allows.
create policy "team data is for account holders only" on public.teams
  as restrictive for all to authenticated
  using ((select private.is_member_account())) with check ((select private.is_member_account()));
create policy "membership data is for account holders only" on public.team_members
  as restrictive for all to authenticated
  using ((select private.is_member_account())) with check ((select private.is_member_account()));
create policy "invites are for account holders only" on public.team_invites
  as restrictive for all to authenticated
  using ((select private.is_member_account())) with check ((select private.is_member_account()));

grant select, update on public.profiles to authenticated;
grant select, insert, update on public.teams to authenticated;
grant select, delete on public.team_members to authenticated;
-- Of a membership only the role changes: the update policy would otherwise let a facilitator
-- put another person in a member's place, or move a member into another team they facilitate.
-- (The revoke matters on Supabase, whose default privileges grant every column of a new table.)
revoke update on public.team_members from anon, authenticated;
grant update (role) on public.team_members to authenticated;
grant select, insert, update on public.team_invites to authenticated;

-- The data API ---------------------------------------------------------------------------------

-- Any signed-in person: their own profile.
create function public.my_profile() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('id', p.id, 'display_name', p.display_name, 'locale', p.locale)
  from public.profiles p where p.id = (select auth.uid())
$$;

-- Any signed-in person: change their own display name and language.
create function public.update_profile(p_display_name text, p_locale text) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if char_length(btrim(coalesce(p_display_name, ''))) not between 1 and 60 then
    raise exception 'display_name_length' using errcode = '22023';
  end if;
  if p_locale not in ('nl', 'en') then
    raise exception 'invalid_locale' using errcode = '22023';
  end if;
  update public.profiles set display_name = btrim(p_display_name), locale = p_locale
  where id = (select auth.uid());
  return public.my_profile();
end
$$;

-- Account holders: create a team; the trigger makes them its facilitator.
create function public.create_team(p_name text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid := gen_random_uuid();
begin
  if not (select private.is_member_account()) then
    raise exception 'account_required' using errcode = '42501';
  end if;
  if char_length(btrim(coalesce(p_name, ''))) not between 2 and 80 then
    raise exception 'team_name_length' using errcode = '22023';
  end if;
  -- No RETURNING: the select policy only passes once the creator's membership exists.
  insert into public.teams (id, name) values (v_id, btrim(p_name));
  return jsonb_build_object('id', v_id, 'name', btrim(p_name));
end
$$;

-- Raises not-found or forbidden unless the caller has (at least) the given role in the team.
create function private.require_team_role(p_team_id uuid, p_role text) returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_role text;
begin
  select role into v_role from public.team_members
  where team_id = p_team_id and user_id = (select auth.uid());
  if v_role is null then
    raise exception 'team_not_found' using errcode = 'P0002';
  end if;
  if p_role = 'facilitator' and v_role <> 'facilitator' then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
end
$$;
revoke execute on function private.require_team_role(uuid, text) from public;
grant execute on function private.require_team_role(uuid, text) to authenticated;

-- Facilitators: rename their team.
create function public.rename_team(p_team_id uuid, p_name text) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if char_length(btrim(coalesce(p_name, ''))) not between 2 and 80 then
    raise exception 'team_name_length' using errcode = '22023';
  end if;
  update public.teams set name = btrim(p_name) where id = p_team_id;
  return jsonb_build_object('id', p_team_id, 'name', btrim(p_name));
end
$$;

-- Any member: the teams they belong to, with their role and the team's size.
create function public.my_teams() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', t.id, 'name', t.name, 'role', m.role,
      'member_count', (select count(*) from public.team_members c where c.team_id = t.id))
    order by t.name), '[]'::jsonb)
  from public.teams t
  join public.team_members m on m.team_id = t.id and m.user_id = (select auth.uid())
$$;

-- Members: a team with its members; facilitators also get the open invites.
create function public.team_overview(p_team_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_role text;
begin
  perform private.require_team_role(p_team_id, 'member');
  select role into v_role from public.team_members
  where team_id = p_team_id and user_id = (select auth.uid());
  return (
    select jsonb_build_object(
      'id', t.id, 'name', t.name, 'created_at', t.created_at, 'my_role', v_role,
      'members', (
        select coalesce(jsonb_agg(jsonb_build_object(
            'user_id', m.user_id, 'display_name', coalesce(p.display_name, '?'),
            'role', m.role, 'joined_at', m.joined_at)
          order by m.role, lower(p.display_name)), '[]'::jsonb)
        from public.team_members m
        left join public.profiles p on p.id = m.user_id
        where m.team_id = t.id),
      'invites', case when v_role = 'facilitator' then (
        select coalesce(jsonb_agg(jsonb_build_object(
            'id', i.id, 'token', i.token, 'role', i.role, 'expires_at', i.expires_at,
            'accepted_count', i.accepted_count) order by i.created_at desc), '[]'::jsonb)
        from public.team_invites i
        where i.team_id = t.id and i.revoked_at is null and i.expires_at > now())
      else '[]'::jsonb end)
    from public.teams t where t.id = p_team_id);
end
$$;

-- Facilitators: a new invite link for their team.
create function public.create_invite(p_team_id uuid, p_role text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_invite public.team_invites;
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if p_role not in ('facilitator', 'member') then
    raise exception 'invalid_role' using errcode = '22023';
  end if;
  insert into public.team_invites (team_id, role) values (p_team_id, p_role)
  returning * into v_invite;
  return jsonb_build_object('id', v_invite.id, 'token', v_invite.token, 'role', v_invite.role,
    'expires_at', v_invite.expires_at);
end
$$;

-- Facilitators: stop an invite link from working.
create function public.revoke_invite(p_invite_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  update public.team_invites set revoked_at = now()
  where id = p_invite_id and revoked_at is null;
  if not found then
    raise exception 'invite_not_found' using errcode = 'P0002';
  end if;
end
$$;

-- The invite behind a token, read past RLS: the token itself is the permission.
create function private.find_invite(p_token text) returns public.team_invites
language sql stable security definer
set search_path = ''
as $$
  select * from public.team_invites where token = p_token
$$;
revoke execute on function private.find_invite(text) from public;
grant execute on function private.find_invite(text) to anon, authenticated;

-- Anyone holding an invite link: which team it is for and whether it still works.
create function public.invite_preview(p_token text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_invite public.team_invites := private.find_invite(p_token);
begin
  if v_invite.id is null then
    raise exception 'invite_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'team_id', v_invite.team_id,
    'team_name', private.invite_team_name(p_token),
    'role', v_invite.role,
    'valid', v_invite.revoked_at is null and v_invite.expires_at > now());
end
$$;

create function private.invite_team_name(p_token text) returns text
language sql stable security definer
set search_path = ''
as $$
  select t.name from public.team_invites i join public.teams t on t.id = i.team_id
  where i.token = p_token
$$;
revoke execute on function private.invite_team_name(text) from public;
grant execute on function private.invite_team_name(text) to anon, authenticated;

-- Joining by invite writes a membership the joiner could not write under RLS: one definer step.
create function private.accept_invite(p_token text) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_invite public.team_invites;
begin
  select * into v_invite from public.team_invites where token = p_token for update;
  if v_invite.id is null then
    raise exception 'invite_not_found' using errcode = 'P0002';
  end if;
  if v_invite.revoked_at is not null or v_invite.expires_at <= now() then
    raise exception 'invite_expired' using errcode = 'P0001';
  end if;
  insert into public.team_members (team_id, user_id, role)
  values (v_invite.team_id, (select auth.uid()), v_invite.role)
  on conflict (team_id, user_id) do nothing;
  if found then
    update public.team_invites set accepted_count = accepted_count + 1 where id = v_invite.id;
  end if;
  return v_invite.team_id;
end
$$;
revoke execute on function private.accept_invite(text) from public;
grant execute on function private.accept_invite(text) to authenticated;

-- Account holders with an invite link: join that team.
create function public.accept_invite(p_token text) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if not (select private.is_member_account()) then
    raise exception 'account_required' using errcode = '42501';
  end if;
  return jsonb_build_object('team_id', private.accept_invite(p_token));
end
$$;

-- Members: leave a team (the last facilitator of a team with others in it cannot).
create function public.leave_team(p_team_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  delete from public.team_members where team_id = p_team_id and user_id = (select auth.uid());
end
$$;

-- Facilitators: remove someone from their team; access ends with the row.
create function public.remove_member(p_team_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  delete from public.team_members where team_id = p_team_id and user_id = p_user_id;
  if not found then
    raise exception 'member_not_found' using errcode = 'P0002';
  end if;
end
$$;

-- Facilitators: make a member facilitator, or the other way round.
create function public.set_member_role(p_team_id uuid, p_user_id uuid, p_role text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if p_role not in ('facilitator', 'member') then
    raise exception 'invalid_role' using errcode = '22023';
  end if;
  update public.team_members set role = p_role where team_id = p_team_id and user_id = p_user_id;
  if not found then
    raise exception 'member_not_found' using errcode = 'P0002';
  end if;
end
$$;

-- Functions are executable by PUBLIC by default; the API is for signed-in roles only, except
-- the invite preview, which a visitor who is not signed in yet may see.
revoke execute on all functions in schema public from public;
grant execute on function public.my_profile(), public.update_profile(text, text),
  public.create_team(text), public.rename_team(uuid, text), public.my_teams(),
  public.team_overview(uuid), public.create_invite(uuid, text), public.revoke_invite(uuid),
  public.invite_preview(text), public.accept_invite(text), public.leave_team(uuid),
  public.remove_member(uuid, uuid), public.set_member_role(uuid, uuid, text)
  to authenticated;
grant execute on function public.invite_preview(text) to anon;
