-- From one meeting to the next (issue #14): agreements that come back, and a meeting clock.
--
-- 1. Follow-ups. In the discussion the facilitator marks an agreement as a follow-up: a short
--    sentence, optionally who takes it up (a member of the team, or free text) and by when.
--    Members of the team read them; facilitators write them, through the functions below only
--    (reads are the one privilege granted, as for network_readings). Nothing of it reaches the
--    network: no network function reads these tables.
-- 2. Review. A new session of the team takes the team's open follow-ups (open, partly, not done)
--    as its first step: follow_up_reviews holds one row per follow-up, made when the session is
--    created, and sessions.reviewing says the projector shows the review. Per follow-up the team
--    records done, partly, not done or dropped, with a line of explanation; the follow-up's
--    status is its latest outcome, so a follow-up done or dropped does not come back.
-- 3. The clock. A facilitator plans minutes per dilemma (session_rounds.planned_minutes). A
--    dilemma's clock starts when it leaves its introduction and stops when it is done (stamped by
--    a trigger, so it survives a reload and a second screen shows the same); session_state
--    carries the database's now() so the browser counts down from server time.

alter table public.sessions add column reviewing boolean not null default false;
comment on column public.sessions.reviewing is
  'The projector shows the review of the team''s open follow-ups (the session''s first step).';

alter table public.session_rounds
  add column planned_minutes integer check (planned_minutes between 1 and 180),
  add column started_at timestamptz,
  add column ended_at timestamptz;
comment on column public.session_rounds.started_at is 'When the dilemma first left its introduction (its clock starts).';
comment on column public.session_rounds.ended_at is 'When the dilemma was first done (its clock stops).';

create table public.follow_ups (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  session_id uuid not null references public.sessions (id) on delete cascade,
  round_id uuid not null references public.session_rounds (id) on delete cascade,
  dilemma_slug text not null,
  body text not null check (char_length(btrim(body)) between 2 and 200),
  owner_user_id uuid references auth.users (id) on delete set null,
  owner_name text check (char_length(btrim(owner_name)) between 1 and 60),
  due_on date,
  status text not null default 'open' check (status in ('open', 'done', 'partly', 'not_done', 'dropped')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.follow_ups enable row level security;
create index follow_ups_team_id_idx on public.follow_ups (team_id, status);
create index follow_ups_session_id_idx on public.follow_ups (session_id);
create index follow_ups_round_id_idx on public.follow_ups (round_id);
create index follow_ups_owner_user_id_idx on public.follow_ups (owner_user_id);
create index follow_ups_created_by_idx on public.follow_ups (created_by);

create table public.follow_up_reviews (
  session_id uuid not null references public.sessions (id) on delete cascade,
  follow_up_id uuid not null references public.follow_ups (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  position integer not null,
  outcome text check (outcome in ('done', 'partly', 'not_done', 'dropped')),
  note text not null default '' check (char_length(note) <= 300),
  reviewed_at timestamptz,
  reviewed_by uuid references auth.users (id) on delete set null,
  primary key (session_id, follow_up_id)
);
alter table public.follow_up_reviews enable row level security;
create index follow_up_reviews_follow_up_id_idx on public.follow_up_reviews (follow_up_id);
create index follow_up_reviews_team_id_idx on public.follow_up_reviews (team_id);
create index follow_up_reviews_reviewed_by_idx on public.follow_up_reviews (reviewed_by);

-- A team's follow-ups are its members' (a removed member loses them with the team).
create policy "team members read their team's follow-ups" on public.follow_ups
  for select to authenticated using (team_id in (select private.my_team_ids()));
create policy "team members read their team's reviews" on public.follow_up_reviews
  for select to authenticated using (team_id in (select private.my_team_ids()));

-- Only reads are granted (Supabase gives new tables every privilege, TRUNCATE included).
revoke all on public.follow_ups, public.follow_up_reviews from anon, authenticated;
grant select on public.follow_ups, public.follow_up_reviews to authenticated;

-- The follow-ups that come back: not yet done or dropped.
create function private.follow_up_is_open(p_status text) returns boolean
language sql immutable
set search_path = ''
as $$ select p_status in ('open', 'partly', 'not_done') $$;

-- A new session starts with the team's open follow-ups (made in earlier sessions).
create function private.session_starts_review() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  new.reviewing := exists (select 1 from public.follow_ups f
                           where f.team_id = new.team_id and private.follow_up_is_open(f.status));
  return new;
end
$$;
create trigger session_starts_review before insert on public.sessions
  for each row execute function private.session_starts_review();

create function private.session_review_items() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.follow_up_reviews (session_id, follow_up_id, team_id, position)
  select new.id, f.id, f.team_id, row_number() over (order by s.held_on, s.created_at, r.position, f.created_at, f.id)
  from public.follow_ups f
  join public.sessions s on s.id = f.session_id
  join public.session_rounds r on r.id = f.round_id
  where f.team_id = new.team_id and private.follow_up_is_open(f.status);
  return null;
end
$$;
create trigger session_review_items after insert on public.sessions
  for each row execute function private.session_review_items();

-- The clock: a dilemma starts when it leaves its introduction, ends when it is first done.
create function private.stamp_round_clock() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.started_at := coalesce(old.started_at, new.started_at);
  new.ended_at := coalesce(old.ended_at, new.ended_at);
  if new.phase <> 'waiting' then
    new.started_at := coalesce(new.started_at, now());
  end if;
  if new.phase = 'done' then
    new.ended_at := coalesce(new.ended_at, now());
  end if;
  return new;
end
$$;
create trigger stamp_round_clock before update on public.session_rounds
  for each row execute function private.stamp_round_clock();

-- Writes past RLS (only reads are granted): the public functions check the caller first.
create function private.write_follow_up(p_id uuid, p_round public.session_rounds, p_team_id uuid, p_body text,
                                        p_owner_user_id uuid, p_owner_name text, p_due_on date)
returns public.follow_ups
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.follow_ups;
begin
  insert into public.follow_ups as f (id, team_id, session_id, round_id, dilemma_slug, body, owner_user_id,
                                      owner_name, due_on, created_by)
  values (p_id, p_team_id, p_round.session_id, p_round.id, p_round.dilemma_slug, p_body, p_owner_user_id,
          p_owner_name, p_due_on, (select auth.uid()))
  on conflict (id) do update
    set body = excluded.body, owner_user_id = excluded.owner_user_id, owner_name = excluded.owner_name,
        due_on = excluded.due_on, updated_at = now()
    where f.team_id = excluded.team_id and f.round_id = excluded.round_id
  returning * into v_row;
  if v_row.id is not null then
    perform private.announce(p_round.session_id, 'notes', jsonb_build_object('round_id', p_round.id));
  end if;
  return v_row;
end
$$;

create function private.follow_up_json(f public.follow_ups, p_lang text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', f.id, 'team_id', f.team_id, 'session_id', f.session_id, 'round_id', f.round_id,
    'dilemma_slug', f.dilemma_slug,
    'dilemma_title', private.session_dilemma(f.session_id, f.dilemma_slug, coalesce(p_lang, 'nl')) ->> 'title',
    'session_title', s.title, 'held_on', s.held_on,
    'body', f.body, 'owner_user_id', f.owner_user_id,
    -- A member's name as the team knows it; free text as typed.
    'owner', coalesce((select p.display_name from public.profiles p
                       join public.team_members m on m.user_id = p.id and m.team_id = f.team_id
                       where p.id = f.owner_user_id), f.owner_name),
    'due_on', f.due_on, 'status', f.status, 'created_at', f.created_at)
  from public.sessions s where s.id = f.session_id
$$;

create function private.delete_follow_up_row(p_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.follow_ups;
begin
  delete from public.follow_ups where id = p_id returning * into v_row;
  if v_row.id is not null then
    perform private.announce(v_row.session_id, 'notes', jsonb_build_object('round_id', v_row.round_id));
  end if;
end
$$;

create function private.write_follow_up_review(p_session_id uuid, p_follow_up_id uuid, p_outcome text, p_note text)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.follow_up_reviews
  set outcome = p_outcome, note = p_note,
      reviewed_at = case when p_outcome is null then null else now() end,
      reviewed_by = case when p_outcome is null then null else (select auth.uid()) end
  where session_id = p_session_id and follow_up_id = p_follow_up_id
    and (outcome, note) is distinct from (p_outcome, p_note);
  -- The follow-up's status is its latest outcome: done and dropped do not come back.
  update public.follow_ups f
  set status = coalesce((select r.outcome from public.follow_up_reviews r
                         join public.sessions s on s.id = r.session_id
                         where r.follow_up_id = p_follow_up_id and r.outcome is not null
                         order by s.held_on desc, s.created_at desc limit 1), 'open'),
      updated_at = now()
  where f.id = p_follow_up_id;
  -- Second presenter screens reload (notes events reach the facilitators only).
  perform private.announce(p_session_id, 'notes', '{}'::jsonb);
end
$$;

revoke execute on function private.follow_up_is_open(text), private.session_starts_review(),
  private.session_review_items(), private.stamp_round_clock(),
  private.write_follow_up(uuid, public.session_rounds, uuid, text, uuid, text, date),
  private.follow_up_json(public.follow_ups, text), private.delete_follow_up_row(uuid),
  private.write_follow_up_review(uuid, uuid, text, text) from public;
grant execute on function private.follow_up_is_open(text),
  private.write_follow_up(uuid, public.session_rounds, uuid, text, uuid, text, date),
  private.follow_up_json(public.follow_ups, text), private.delete_follow_up_row(uuid),
  private.write_follow_up_review(uuid, uuid, text, text) to authenticated;

-- The session's facilitators only: others who see the session are refused, the rest learn nothing.
create function private.require_session_facilitator(p_session_id uuid) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if not private.is_session_facilitator(p_session_id) then
    if exists (select 1 from public.sessions where id = p_session_id) then
      raise exception 'facilitator_only' using errcode = '42501';
    end if;
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
end
$$;
revoke execute on function private.require_session_facilitator(uuid) from public;
grant execute on function private.require_session_facilitator(uuid) to authenticated;

-- The data API -----------------------------------------------------------------------------------

-- Facilitators: mark an agreement of a round as a follow-up, or change one. The id is the
-- client's, so a retry writes the same row once.
create function public.save_follow_up(p_id uuid, p_round_id uuid, p_body text, p_owner_user_id uuid,
                                      p_owner_name text, p_due_on date) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_round public.session_rounds;
  v_team uuid;
  v_body text := btrim(coalesce(p_body, ''));
  v_owner_name text := nullif(btrim(coalesce(p_owner_name, '')), '');
  v_row public.follow_ups;
begin
  select * into v_round from public.session_rounds where id = p_round_id;
  if v_round.id is null or p_id is null then
    raise exception 'round_not_found' using errcode = 'P0002';
  end if;
  select team_id into v_team from public.sessions where id = v_round.session_id;
  if not private.is_session_facilitator(v_round.session_id) then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
  if char_length(v_body) not between 2 and 200 then
    raise exception 'follow_up_length' using errcode = '22023';
  end if;
  if char_length(v_owner_name) > 60 then
    raise exception 'follow_up_owner_length' using errcode = '22023';
  end if;
  if p_owner_user_id is not null then
    if not exists (select 1 from public.team_members where team_id = v_team and user_id = p_owner_user_id) then
      raise exception 'follow_up_owner_unknown' using errcode = '22023';
    end if;
    v_owner_name := null;
  end if;
  if p_due_on is not null and p_due_on not between date '2000-01-01' and date '2200-12-31' then
    raise exception 'invalid_date' using errcode = '22023';
  end if;
  v_row := private.write_follow_up(p_id, v_round, v_team, v_body, p_owner_user_id, v_owner_name, p_due_on);
  if v_row.id is null then
    -- The id belongs to a follow-up of another round.
    raise exception 'follow_up_not_found' using errcode = 'P0002';
  end if;
  return private.follow_up_json(v_row, 'nl');
end
$$;

-- Facilitators: remove a follow-up that was never reviewed (a reviewed one is dropped instead, so
-- the team's course keeps it).
create function public.delete_follow_up(p_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_row public.follow_ups;
begin
  select * into v_row from public.follow_ups where id = p_id;
  if v_row.id is null then
    raise exception 'follow_up_not_found' using errcode = 'P0002';
  end if;
  perform private.require_team_role(v_row.team_id, 'facilitator');
  if exists (select 1 from public.follow_up_reviews where follow_up_id = p_id and outcome is not null) then
    raise exception 'follow_up_reviewed' using errcode = 'P0001';
  end if;
  perform private.delete_follow_up_row(p_id);
end
$$;

-- Facilitators: the team's verdict on a follow-up in this session's review (null clears it).
create function public.review_follow_up(p_session_id uuid, p_follow_up_id uuid, p_outcome text, p_note text)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_note text := btrim(coalesce(p_note, ''));
begin
  perform private.require_session_facilitator(p_session_id);
  if p_outcome is not null and p_outcome not in ('done', 'partly', 'not_done', 'dropped') then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if char_length(v_note) > 300 then
    raise exception 'follow_up_note_length' using errcode = '22023';
  end if;
  if (select status from public.sessions where id = p_session_id) <> 'open' then
    raise exception 'session_closed' using errcode = 'P0001';
  end if;
  if not exists (select 1 from public.follow_up_reviews where session_id = p_session_id and follow_up_id = p_follow_up_id) then
    raise exception 'follow_up_not_found' using errcode = 'P0002';
  end if;
  perform private.write_follow_up_review(p_session_id, p_follow_up_id, p_outcome, v_note);
  return jsonb_build_object('follow_up_id', p_follow_up_id, 'outcome', p_outcome, 'note', v_note);
end
$$;

-- Facilitators: show the review of follow-ups (true) or go on to the dilemmas (false).
create function public.set_session_review(p_session_id uuid, p_reviewing boolean) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_session_facilitator(p_session_id);
  if (select status from public.sessions where id = p_session_id) <> 'open' then
    raise exception 'session_closed' using errcode = 'P0001';
  end if;
  if p_reviewing and not exists (select 1 from public.follow_up_reviews where session_id = p_session_id) then
    raise exception 'no_follow_ups' using errcode = 'P0001';
  end if;
  update public.sessions set reviewing = coalesce(p_reviewing, false)
  where id = p_session_id and reviewing is distinct from coalesce(p_reviewing, false);
end
$$;

-- Facilitators: minutes per dilemma, in the session's order (null: no clock for that dilemma).
create function public.plan_session_clock(p_session_id uuid, p_minutes integer[]) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_session_facilitator(p_session_id);
  if p_minutes is null or cardinality(p_minutes) > 20
     or exists (select 1 from unnest(p_minutes) m where m is not null and m not between 1 and 180) then
    raise exception 'clock_minutes' using errcode = '22023';
  end if;
  update public.session_rounds r set planned_minutes = p_minutes[r.position]
  where r.session_id = p_session_id and r.planned_minutes is distinct from p_minutes[r.position];
end
$$;

-- The follow-ups of one session as its team's members see them (RLS: others get empty lists):
-- those made in it, per round, and those it reviews, with the verdict given there.
create function public.session_follow_ups(p_session_id uuid, p_lang text) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'made', coalesce((select jsonb_agg(private.follow_up_json(f, p_lang) order by r.position, f.created_at, f.id)
                      from public.follow_ups f join public.session_rounds r on r.id = f.round_id
                      where f.session_id = p_session_id), '[]'::jsonb),
    'review', coalesce((select jsonb_agg(private.follow_up_json(f, p_lang)
                                         || jsonb_build_object('outcome', v.outcome, 'note', v.note)
                                         order by v.position)
                        from public.follow_up_reviews v join public.follow_ups f on f.id = v.follow_up_id
                        where v.session_id = p_session_id), '[]'::jsonb))
$$;

-- Members: every follow-up of the team, newest session first, with each review it had.
create function public.team_follow_ups(p_team_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return coalesce((
    select jsonb_agg(private.follow_up_json(f, p_lang) || jsonb_build_object(
        'reviews', coalesce((select jsonb_agg(jsonb_build_object(
                               'session_id', v.session_id, 'session_title', s2.title, 'held_on', s2.held_on,
                               'outcome', v.outcome, 'note', v.note) order by s2.held_on, s2.created_at)
                             from public.follow_up_reviews v join public.sessions s2 on s2.id = v.session_id
                             where v.follow_up_id = f.id and v.outcome is not null), '[]'::jsonb))
      order by s.held_on desc, s.created_at desc, r.position, f.created_at, f.id)
    from public.follow_ups f
    join public.sessions s on s.id = f.session_id
    join public.session_rounds r on r.id = f.round_id
    where f.team_id = p_team_id), '[]'::jsonb);
end
$$;

revoke execute on function public.save_follow_up(uuid, uuid, text, uuid, text, date), public.delete_follow_up(uuid),
  public.review_follow_up(uuid, uuid, text, text), public.set_session_review(uuid, boolean),
  public.plan_session_clock(uuid, integer[]), public.session_follow_ups(uuid, text),
  public.team_follow_ups(uuid, text) from public, anon;
grant execute on function public.save_follow_up(uuid, uuid, text, uuid, text, date), public.delete_follow_up(uuid),
  public.review_follow_up(uuid, uuid, text, text), public.set_session_review(uuid, boolean),
  public.plan_session_clock(uuid, integer[]), public.session_follow_ups(uuid, text),
  public.team_follow_ups(uuid, text) to authenticated;
