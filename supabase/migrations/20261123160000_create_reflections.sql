-- The reflection journal, a person's own history, the team over time, and "my data" (export and
-- deletion of an account).
--
-- Decisions:
-- * A reflection is about a dilemma by slug, as a session round is: the same dilemma across set
--   versions. set_id records the set whose wording the author was reading when the entry was
--   created (the newest built-in set unless a readable set is named) and is fixed from then on.
--   It is nullable: a team's own set disappears with the team, the entry stays its author's.
-- * Sharing is one column, shared_with_team_id (one team at a time, never a draft). The team must
--   be one the author is in: checked when sharing, by the policies, and undone by a trigger when
--   the author leaves or is removed. There is no second "context team" column: it would be a
--   second truth to keep in step with the first.
-- * Private means private. Every policy on reflections is the author's alone (and account holders
--   only); none names a facilitator. Team members read an entry shared with their team only
--   through team_shared_reflections, whose definer helper answers members of that team and never
--   returns drafts. The service role holds no privilege on the table (it bypasses RLS, so a grant
--   would be a back door for every server page).
-- * version counts content saves (autosave conflicts): saving the same content again changes
--   nothing and is not a conflict; a different content based on an older version is refused.
--   Creating is idempotent too: the client chooses the entry's id, so a retried first autosave
--   cannot make two entries.
-- * Team aggregates (trend, profile, comparison) are for the team's members, facilitators
--   included, and show no more than session_report does to them: only revealed rounds, with the
--   same gating for a round still in play. Medians and quartiles are percentile_cont, the
--   definition src/lib/domain/statistics.ts follows.
-- * Deleting an account (delete_my_account, or any delete from auth.users, such as Supabase's
--   admin API): a trigger first
--   - deletes the teams in which the person is the only member (nobody could ever reach them);
--   - where the person is a team's last facilitator, makes the longest-standing other member
--     facilitator (a team that cannot invite, rename or run sessions is stranded; the
--     keep_a_facilitator rule therefore still holds and does not block the deletion);
--   - hands their session positions and participations to a new placeholder auth user of their
--     own (no email, no identity, so nobody can sign in as it; display name "Anoniem";
--     raw_app_meta_data.provider = 'deleted'). One placeholder per deletion keeps before/after
--     pairs and the one-row-per-person-and-stage key intact, so every aggregate (counts,
--     medians, shifts, participant counts) is identical before and after.
--   Their reflections, profile, memberships and local sessions go with the auth row (cascade).
--   positions.user_id and session_participants.user_id become ON DELETE RESTRICT: no path can
--   silently take history with a person. Deleting a placeholder that still holds positions is
--   therefore refused; purge its positions first when that is really meant.

-- Tables -------------------------------------------------------------------------------------

create table public.reflections (
  id uuid primary key default gen_random_uuid(),
  author_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  dilemma_slug text not null
    check (dilemma_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(dilemma_slug) between 3 and 60),
  set_id uuid references public.dilemma_sets (id) on delete set null,
  body_md text not null default '' check (char_length(body_md) <= 20000),
  value integer check (value between 0 and 100),
  desired integer check (desired between 0 and 100),
  is_draft boolean not null default true,
  shared_with_team_id uuid references public.teams (id) on delete set null,
  shared_at timestamptz,
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint reflections_shared_not_draft check (shared_with_team_id is null or not is_draft)
);
alter table public.reflections enable row level security;
create index reflections_author_id_idx on public.reflections (author_id, dilemma_slug, created_at);
create index reflections_shared_with_team_id_idx on public.reflections (shared_with_team_id, dilemma_slug)
  where shared_with_team_id is not null;
create index reflections_set_id_idx on public.reflections (set_id);

-- History survives its author: see the header. The trigger below empties these before the
-- auth row goes, so RESTRICT only ever stops a path that would lose history.
alter table public.positions drop constraint positions_user_id_fkey,
  add constraint positions_user_id_fkey foreign key (user_id) references auth.users (id) on delete restrict;
alter table public.session_participants drop constraint session_participants_user_id_fkey,
  add constraint session_participants_user_id_fkey foreign key (user_id) references auth.users (id) on delete restrict;

-- Policies -------------------------------------------------------------------------------------

create policy "authors read their own reflections" on public.reflections
  for select to authenticated using (author_id = (select auth.uid()));
create policy "authors write their own reflections, shared only with their teams" on public.reflections
  for insert to authenticated
  with check (author_id = (select auth.uid())
              and (shared_with_team_id is null or shared_with_team_id in (select private.my_team_ids())));
create policy "authors change their own reflections, shared only with their teams" on public.reflections
  for update to authenticated
  using (author_id = (select auth.uid()))
  with check (author_id = (select auth.uid())
              and (shared_with_team_id is null or shared_with_team_id in (select private.my_team_ids())));
create policy "authors delete their own reflections" on public.reflections
  for delete to authenticated using (author_id = (select auth.uid()));
-- Anonymous session participants keep no journal.
create policy "reflections are for account holders only" on public.reflections
  as restrictive for all to authenticated
  using ((select private.is_member_account())) with check ((select private.is_member_account()));

-- (The revoke matters on Supabase, whose default privileges grant every role every privilege.)
revoke all on public.reflections from anon, authenticated, service_role;
grant select, insert, delete on public.reflections to authenticated;
-- Of an entry, its author, dilemma, set and creation are fixed.
grant update (body_md, value, desired, is_draft, shared_with_team_id, shared_at, version, updated_at)
  on public.reflections to authenticated;

-- Triggers -------------------------------------------------------------------------------------

-- Leaving a team (or being removed) ends the sharing of one's entries with it.
create function private.unshare_on_leave() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.reflections set shared_with_team_id = null, shared_at = null
  where author_id = old.user_id and shared_with_team_id = old.team_id;
  return null;
end
$$;
create trigger unshare_on_leave after delete on public.team_members
  for each row execute function private.unshare_on_leave();

-- Before an auth user is deleted: see the header.
create function private.anonymise_deleted_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_placeholder uuid;
begin
  if old.raw_app_meta_data ->> 'provider' = 'deleted' then
    -- A placeholder is not a person: nothing to hand on (RESTRICT guards what it holds).
    return old;
  end if;

  delete from public.teams t
  where t.id in (select m.team_id from public.team_members m where m.user_id = old.id)
    and not exists (select 1 from public.team_members o where o.team_id = t.id and o.user_id <> old.id);

  update public.team_members m set role = 'facilitator'
  from (
    select distinct on (other.team_id) other.team_id, other.user_id
    from public.team_members mine
    join public.team_members other on other.team_id = mine.team_id and other.user_id <> old.id
    where mine.user_id = old.id and mine.role = 'facilitator'
      and not exists (select 1 from public.team_members f
                      where f.team_id = mine.team_id and f.user_id <> old.id and f.role = 'facilitator')
    order by other.team_id, other.joined_at, other.user_id
  ) heir
  where m.team_id = heir.team_id and m.user_id = heir.user_id;

  if exists (select 1 from public.positions where user_id = old.id)
     or exists (select 1 from public.session_participants where user_id = old.id) then
    v_placeholder := gen_random_uuid();
    insert into auth.users (id, instance_id, aud, role, raw_app_meta_data, raw_user_meta_data,
                            is_anonymous, created_at, updated_at)
    values (v_placeholder, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
            '{"provider":"deleted","providers":[]}', '{"display_name":"Anoniem"}', false, now(), now());
    update public.session_participants set user_id = v_placeholder, display_name = 'Anoniem'
    where user_id = old.id;
    update public.positions set user_id = v_placeholder where user_id = old.id;
  end if;
  return old;
end
$$;
create trigger anonymise_deleted_user before delete on auth.users
  for each row execute function private.anonymise_deleted_user();

-- Helpers --------------------------------------------------------------------------------------

-- An entry as its author sees it (invoker: the team name is read under the author's RLS).
create function private.reflection_json(r public.reflections) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', r.id, 'dilemma_slug', r.dilemma_slug, 'set_id', r.set_id, 'body_md', r.body_md,
    'value', r.value, 'desired', r.desired, 'is_draft', r.is_draft,
    'shared_with_team_id', r.shared_with_team_id,
    'shared_team_name', (select t.name from public.teams t where t.id = r.shared_with_team_id),
    'shared_at', r.shared_at, 'version', r.version, 'created_at', r.created_at, 'updated_at', r.updated_at)
$$;

-- The entries shared with a team on one dilemma, with their authors' names: for account holders
-- who are members of that team, never drafts, and only while the author is still in the team.
create function private.shared_reflections(p_team_id uuid, p_dilemma_slug text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', r.id, 'dilemma_slug', r.dilemma_slug, 'author_name', coalesce(p.display_name, '?'),
      'mine', r.author_id = (select auth.uid()), 'body_md', r.body_md, 'value', r.value,
      'desired', r.desired, 'shared_at', r.shared_at, 'created_at', r.created_at,
      'updated_at', r.updated_at)
    order by r.shared_at desc, r.id), '[]'::jsonb)
  from public.reflections r
  join public.team_members author on author.team_id = r.shared_with_team_id and author.user_id = r.author_id
  left join public.profiles p on p.id = r.author_id
  where r.shared_with_team_id = p_team_id and r.dilemma_slug = p_dilemma_slug and not r.is_draft
    and (select private.is_member_account())
    and p_team_id in (select private.my_team_ids())
$$;

-- Median, quartiles and the now/desired gap of one round's positions at one stage, for members
-- of the session's team, once revealed (gated exactly as session_report gates the values).
-- Null when hidden or when nobody answered. gap and gap_abs are the median of (desired - value)
-- and of |desired - value| over the people who gave both (statistics.ts: gap()).
create function private.round_summary(p_round_id uuid, p_stage text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select case when count(p.value) > 0 then jsonb_build_object(
      'n', count(p.value),
      'median', percentile_cont(0.5) within group (order by p.value),
      'q1', percentile_cont(0.25) within group (order by p.value),
      'q3', percentile_cont(0.75) within group (order by p.value),
      'iqr', percentile_cont(0.75) within group (order by p.value)
             - percentile_cont(0.25) within group (order by p.value),
      'desired_n', count(p.desired),
      'desired_median', percentile_cont(0.5) within group (order by p.desired),
      'gap', percentile_cont(0.5) within group (order by p.desired - p.value),
      'gap_abs', percentile_cont(0.5) within group (order by abs(p.desired - p.value))) end
  from public.session_rounds r
  join public.sessions s on s.id = r.session_id
  join public.positions p on p.round_id = r.id and p.stage = p_stage
  where r.id = p_round_id
    and s.team_id in (select private.my_team_ids())
    and r.revealed_at is not null
    and not (s.status = 'open' and r.position = s.current_round
             and case p_stage when 'before' then r.phase in ('waiting', 'position')
                              else r.phase not in ('shift', 'done') end)
$$;

-- The caller's own auth row, for the export (auth.users is closed to the API roles).
create function private.my_account() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('id', u.id, 'email', u.email, 'is_anonymous', u.is_anonymous,
                            'created_at', u.created_at, 'last_sign_in_at', u.last_sign_in_at,
                            'user_metadata', u.raw_user_meta_data)
  from auth.users u where u.id = (select auth.uid())
$$;

-- Deleting one's own auth row: the API roles hold no privilege on auth.users.
create function private.delete_my_account() returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from auth.users where id = (select auth.uid());
end
$$;

revoke execute on function private.unshare_on_leave(), private.anonymise_deleted_user(),
  private.reflection_json(public.reflections), private.shared_reflections(uuid, text),
  private.round_summary(uuid, text), private.my_account(), private.delete_my_account()
  from public;
grant execute on function private.reflection_json(public.reflections), private.shared_reflections(uuid, text),
  private.round_summary(uuid, text), private.my_account(), private.delete_my_account()
  to authenticated;

-- The data API: the journal --------------------------------------------------------------------

-- Account holders: create or update an entry (autosave). p_id is chosen by the client for a new
-- entry; p_expected_version is the version the client last saw (0 for a new entry).
create function public.save_reflection(p_id uuid, p_dilemma_slug text, p_body_md text, p_value integer,
                                       p_desired integer, p_is_draft boolean, p_expected_version integer,
                                       p_set_id uuid default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_row public.reflections;
  v_set uuid;
  v_body text := coalesce(p_body_md, '');
begin
  if not (select private.is_member_account()) then
    raise exception 'account_required' using errcode = '42501';
  end if;
  if p_id is null or p_is_draft is null or p_expected_version is null or p_expected_version < 0 then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if char_length(v_body) > 20000 then
    raise exception 'reflection_too_long' using errcode = '22023';
  end if;
  if (p_value is not null and p_value not between 0 and 100)
     or (p_desired is not null and p_desired not between 0 and 100) then
    raise exception 'position_out_of_range' using errcode = '22023';
  end if;
  if not p_is_draft and btrim(v_body) = '' and p_value is null and p_desired is null then
    raise exception 'reflection_empty' using errcode = '22023';
  end if;

  select * into v_row from public.reflections where id = p_id for update;
  if v_row.id is null then
    if p_expected_version <> 0 then
      -- The entry was deleted meanwhile (e.g. in another tab): an autosave does not revive it.
      raise exception 'reflection_not_found' using errcode = 'P0002';
    end if;
    if p_set_id is null then
      select id into v_set from public.dilemma_sets where team_id is null
      order by version desc, created_at desc limit 1;
    else
      select id into v_set from public.dilemma_sets where id = p_set_id;
      if v_set is null then
        raise exception 'dilemma_set_not_found' using errcode = 'P0002';
      end if;
    end if;
    if not exists (select 1 from public.dilemmas where set_id = v_set and slug = p_dilemma_slug) then
      raise exception 'dilemma_not_found' using errcode = 'P0002';
    end if;
    insert into public.reflections as r (id, author_id, dilemma_slug, set_id, body_md, value, desired, is_draft)
    values (p_id, (select auth.uid()), p_dilemma_slug, v_set, v_body, p_value, p_desired, p_is_draft)
    on conflict (id) do nothing
    returning * into v_row;
    if v_row.id is not null then
      return private.reflection_json(v_row);
    end if;
    -- Someone's entry has this id: the caller's own (a simultaneous first save) or not theirs.
    select * into v_row from public.reflections where id = p_id for update;
    if v_row.id is null then
      raise exception 'reflection_not_found' using errcode = 'P0002';
    end if;
  end if;

  if v_row.dilemma_slug <> p_dilemma_slug then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if (v_row.body_md, v_row.value, v_row.desired, v_row.is_draft)
     is not distinct from (v_body, p_value, p_desired, p_is_draft) then
    -- The same content again (a retried autosave): one version, no conflict.
    return private.reflection_json(v_row);
  end if;
  if v_row.version <> p_expected_version then
    raise exception 'reflection_conflict' using errcode = 'P0001';
  end if;
  if p_is_draft and v_row.shared_with_team_id is not null then
    raise exception 'reflection_shared' using errcode = 'P0001';
  end if;
  update public.reflections
  set body_md = v_body, value = p_value, desired = p_desired, is_draft = p_is_draft,
      version = version + 1, updated_at = now()
  where id = p_id and version = p_expected_version
  returning * into v_row;
  if v_row.id is null then
    raise exception 'reflection_conflict' using errcode = 'P0001';
  end if;
  return private.reflection_json(v_row);
end
$$;

-- Authors: delete an entry.
create function public.delete_reflection(p_reflection_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  delete from public.reflections where id = p_reflection_id;
  if not found then
    raise exception 'reflection_not_found' using errcode = 'P0002';
  end if;
end
$$;

-- Authors: share a saved entry with one of their teams (instead of any team it was shared with).
create function public.share_reflection(p_reflection_id uuid, p_team_id uuid) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_row public.reflections;
begin
  if not (select private.is_member_account()) then
    raise exception 'account_required' using errcode = '42501';
  end if;
  select * into v_row from public.reflections where id = p_reflection_id for update;
  if v_row.id is null then
    raise exception 'reflection_not_found' using errcode = 'P0002';
  end if;
  perform private.require_team_role(p_team_id, 'member');
  if v_row.is_draft then
    raise exception 'reflection_is_draft' using errcode = 'P0001';
  end if;
  update public.reflections
  set shared_with_team_id = p_team_id,
      shared_at = case when shared_with_team_id = p_team_id then shared_at else now() end
  where id = p_reflection_id
  returning * into v_row;
  return private.reflection_json(v_row);
end
$$;

-- Authors: stop sharing an entry (sharing nothing is fine: nothing changes).
create function public.unshare_reflection(p_reflection_id uuid) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_row public.reflections;
begin
  update public.reflections set shared_with_team_id = null, shared_at = null
  where id = p_reflection_id
  returning * into v_row;
  if v_row.id is null then
    raise exception 'reflection_not_found' using errcode = 'P0002';
  end if;
  return private.reflection_json(v_row);
end
$$;

-- Authors: their entries, newest first, on one dilemma or all.
create function public.my_reflections(p_dilemma_slug text default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.reflection_json(r) order by r.created_at desc, r.id), '[]'::jsonb)
  from public.reflections r
  where r.author_id = (select auth.uid())
    and (p_dilemma_slug is null or r.dilemma_slug = p_dilemma_slug)
$$;

-- Members: the entries their teammates (and they) shared with the team on a dilemma.
create function public.team_shared_reflections(p_team_id uuid, p_dilemma_slug text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return private.shared_reflections(p_team_id, p_dilemma_slug);
end
$$;

-- Anyone signed in: their own timeline on one dilemma — their positions in sessions and their
-- saved entries (drafts are left out), oldest first. Positions of one day come before that day's
-- entries, 'before' before 'after'.
create function public.my_history(p_dilemma_slug text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(x.item order by x.on_date, x.kind_order, x.stage_order, x.at, x.id), '[]'::jsonb)
  from (
    select jsonb_build_object(
             'kind', 'position', 'on', s.held_on, 'session_id', s.id, 'session_title', s.title,
             'round_id', r.id, 'stage', p.stage, 'value', p.value, 'desired', p.desired,
             'updated_at', p.updated_at) as item,
           s.held_on as on_date, 0 as kind_order, case p.stage when 'before' then 0 else 1 end as stage_order,
           p.updated_at as at, r.id as id
    from public.positions p
    join public.session_rounds r on r.id = p.round_id
    join public.sessions s on s.id = r.session_id
    where p.user_id = (select auth.uid()) and r.dilemma_slug = p_dilemma_slug
    union all
    select jsonb_build_object(
             'kind', 'reflection', 'on', f.created_at::date, 'id', f.id, 'value', f.value,
             'desired', f.desired, 'body_md', f.body_md, 'shared_with_team_id', f.shared_with_team_id,
             'created_at', f.created_at, 'updated_at', f.updated_at),
           f.created_at::date, 1, 0, f.created_at, f.id
    from public.reflections f
    where f.author_id = (select auth.uid()) and f.dilemma_slug = p_dilemma_slug and not f.is_draft
  ) x
$$;

-- The data API: the team over time ------------------------------------------------------------

-- Members: per session (oldest first) the summary of the team's positions on a dilemma before
-- and after the discussion, for revealed rounds.
create function public.team_trend(p_team_id uuid, p_dilemma_slug text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'session_id', s.id, 'title', s.title, 'held_on', s.held_on, 'status', s.status,
        'round_id', r.id, 'before', t.before, 'after', t.after)
      order by s.held_on, s.created_at, s.id)
    from public.sessions s
    join public.session_rounds r on r.session_id = s.id and r.dilemma_slug = p_dilemma_slug
    cross join lateral (select private.round_summary(r.id, 'before') as before,
                               private.round_summary(r.id, 'after') as after) t
    where s.team_id = p_team_id and r.revealed_at is not null
      and (t.before is not null or t.after is not null)), '[]'::jsonb);
end
$$;

create function private.session_head(s public.sessions) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object('id', s.id, 'title', s.title, 'held_on', s.held_on, 'status', s.status,
                            'ask_desired', s.ask_desired)
$$;
revoke execute on function private.session_head(public.sessions) from public;
grant execute on function private.session_head(public.sessions) to authenticated;

-- Members: one session at a glance — every dilemma of it with the team's summary (where it
-- leans: median; where it disagrees: iqr; where now and desired lie apart: gap).
create function public.team_profile(p_team_id uuid, p_session_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_session public.sessions;
begin
  perform private.require_team_role(p_team_id, 'member');
  if p_lang is null or p_lang not in ('nl', 'en') then
    raise exception 'invalid_locale' using errcode = '22023';
  end if;
  select * into v_session from public.sessions where id = p_session_id and team_id = p_team_id;
  if v_session.id is null then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'session', private.session_head(v_session),
    'dilemmas', coalesce((
      select jsonb_agg(jsonb_build_object(
          'round_id', r.id, 'position', r.position, 'slug', r.dilemma_slug, 'phase', r.phase,
          'title', d.d ->> 'title', 'pole_left', d.d ->> 'pole_left', 'pole_right', d.d ->> 'pole_right',
          'before', private.round_summary(r.id, 'before'), 'after', private.round_summary(r.id, 'after'))
        order by r.position)
      from public.session_rounds r
      cross join lateral (select private.session_dilemma(p_session_id, r.dilemma_slug, p_lang) as d) d
      where r.session_id = p_session_id), '[]'::jsonb));
end
$$;

-- Members: two sessions of their team side by side, per dilemma in either (in the order of a,
-- then b). median_change and iqr_change compare the 'before' positions: b minus a.
create function public.compare_sessions(p_team_id uuid, p_session_a uuid, p_session_b uuid, p_lang text)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_a public.sessions;
  v_b public.sessions;
begin
  perform private.require_team_role(p_team_id, 'member');
  if p_lang is null or p_lang not in ('nl', 'en') then
    raise exception 'invalid_locale' using errcode = '22023';
  end if;
  select * into v_a from public.sessions where id = p_session_a and team_id = p_team_id;
  select * into v_b from public.sessions where id = p_session_b and team_id = p_team_id;
  if v_a.id is null or v_b.id is null then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'a', private.session_head(v_a),
    'b', private.session_head(v_b),
    'dilemmas', coalesce((
      select jsonb_agg(jsonb_build_object(
          'slug', x.slug, 'title', d.d ->> 'title', 'pole_left', d.d ->> 'pole_left',
          'pole_right', d.d ->> 'pole_right', 'a', x.a, 'b', x.b,
          'median_change', (x.b -> 'before' ->> 'median')::float8 - (x.a -> 'before' ->> 'median')::float8,
          'iqr_change', (x.b -> 'before' ->> 'iqr')::float8 - (x.a -> 'before' ->> 'iqr')::float8)
        order by x.ord)
      from (
        select slugs.slug, min(slugs.ord) as ord,
               (select jsonb_build_object('round_id', r.id, 'before', private.round_summary(r.id, 'before'),
                                          'after', private.round_summary(r.id, 'after'))
                from public.session_rounds r where r.session_id = v_a.id and r.dilemma_slug = slugs.slug) as a,
               (select jsonb_build_object('round_id', r.id, 'before', private.round_summary(r.id, 'before'),
                                          'after', private.round_summary(r.id, 'after'))
                from public.session_rounds r where r.session_id = v_b.id and r.dilemma_slug = slugs.slug) as b
        from (select r.dilemma_slug as slug, r.position as ord
              from public.session_rounds r where r.session_id = v_a.id
              union all
              select r.dilemma_slug, 100 + r.position
              from public.session_rounds r where r.session_id = v_b.id) slugs
        group by slugs.slug
      ) x
      cross join lateral (select coalesce(private.session_dilemma(v_b.id, x.slug, p_lang),
                                          private.session_dilemma(v_a.id, x.slug, p_lang)) as d) d), '[]'::jsonb));
end
$$;

-- The data API: my data ------------------------------------------------------------------------

-- Anyone signed in: everything stored about them, as one JSON document.
create function public.my_data_export() returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  return jsonb_build_object(
    'format', 'werkplaats-export/1',
    'exported_at', now(),
    'account', private.my_account(),
    'profile', (select jsonb_build_object('id', p.id, 'display_name', p.display_name, 'locale', p.locale,
                                          'created_at', p.created_at)
                from public.profiles p where p.id = v_uid),
    'memberships', (select coalesce(jsonb_agg(jsonb_build_object(
                        'team_id', m.team_id, 'team_name', t.name, 'role', m.role, 'joined_at', m.joined_at)
                      order by m.joined_at, m.team_id), '[]'::jsonb)
                    from public.team_members m left join public.teams t on t.id = m.team_id
                    where m.user_id = v_uid),
    'teams_created', (select coalesce(jsonb_agg(jsonb_build_object(
                          'id', t.id, 'name', t.name, 'created_at', t.created_at) order by t.created_at, t.id), '[]'::jsonb)
                      from public.teams t where t.created_by = v_uid),
    'sessions_created', (select coalesce(jsonb_agg(jsonb_build_object(
                             'id', s.id, 'team_id', s.team_id, 'title', s.title, 'held_on', s.held_on,
                             'created_at', s.created_at) order by s.created_at, s.id), '[]'::jsonb)
                         from public.sessions s where s.created_by = v_uid),
    -- Invites without their tokens: a token is a key to the team, not data about its creator.
    'invites_created', (select coalesce(jsonb_agg(jsonb_build_object(
                            'id', i.id, 'team_id', i.team_id, 'role', i.role, 'created_at', i.created_at,
                            'expires_at', i.expires_at, 'revoked_at', i.revoked_at,
                            'accepted_count', i.accepted_count) order by i.created_at, i.id), '[]'::jsonb)
                        from public.team_invites i where i.created_by = v_uid),
    'dilemma_sets_created', (select coalesce(jsonb_agg(jsonb_build_object(
                                 'id', d.id, 'team_id', d.team_id, 'name', d.name, 'version', d.version,
                                 'created_at', d.created_at) order by d.created_at, d.id), '[]'::jsonb)
                             from public.dilemma_sets d where d.created_by = v_uid),
    'session_participations', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'session_id', sp.session_id, 'session_title', s.title, 'held_on', s.held_on,
                                   'display_name', sp.display_name, 'joined_at', sp.joined_at)
                                 order by sp.joined_at, sp.session_id), '[]'::jsonb)
                               from public.session_participants sp
                               left join public.sessions s on s.id = sp.session_id
                               where sp.user_id = v_uid),
    'positions', (select coalesce(jsonb_agg(jsonb_build_object(
                      'session_id', r.session_id, 'session_title', s.title, 'held_on', s.held_on,
                      'round_id', p.round_id, 'dilemma_slug', r.dilemma_slug, 'stage', p.stage,
                      'value', p.value, 'desired', p.desired, 'updated_at', p.updated_at)
                    order by s.held_on, r.session_id, r.position, p.stage desc), '[]'::jsonb)
                  from public.positions p
                  join public.session_rounds r on r.id = p.round_id
                  join public.sessions s on s.id = r.session_id
                  where p.user_id = v_uid),
    'reflections', (select coalesce(jsonb_agg(private.reflection_json(f) order by f.created_at, f.id), '[]'::jsonb)
                    from public.reflections f where f.author_id = v_uid));
end
$$;

-- Anyone signed in: delete their account (see the header for what stays, anonymised).
create function public.delete_my_account() returns void
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  perform private.delete_my_account();
end
$$;

revoke execute on function public.save_reflection(uuid, text, text, integer, integer, boolean, integer, uuid),
  public.delete_reflection(uuid), public.share_reflection(uuid, uuid), public.unshare_reflection(uuid),
  public.my_reflections(text), public.team_shared_reflections(uuid, text), public.my_history(text),
  public.team_trend(uuid, text), public.team_profile(uuid, uuid, text),
  public.compare_sessions(uuid, uuid, uuid, text), public.my_data_export(), public.delete_my_account()
  from public, anon, service_role;
grant execute on function public.save_reflection(uuid, text, text, integer, integer, boolean, integer, uuid),
  public.delete_reflection(uuid), public.share_reflection(uuid, uuid), public.unshare_reflection(uuid),
  public.my_reflections(text), public.team_shared_reflections(uuid, text), public.my_history(text),
  public.team_trend(uuid, text), public.team_profile(uuid, uuid, text),
  public.compare_sessions(uuid, uuid, uuid, text), public.my_data_export(), public.delete_my_account()
  to authenticated;
