-- Facilitated sessions: a team meeting that walks through a sequence of dilemmas. Each dilemma
-- is a round that moves through phases the facilitator controls:
--   waiting → position → reveal → discuss → reposition → shift → done
-- Participants (members with an account, or anonymous people who joined by code) place a point
-- between the two poles: stage 'before' in the position phase, 'after' in the reposition phase.
-- Raw positions are private to their author; everyone else sees aggregates, after the reveal.

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  set_id uuid not null references public.dilemma_sets (id),
  title text not null check (char_length(btrim(title)) between 2 and 120),
  held_on date not null default current_date,
  -- Six characters without look-alikes (no 0/O, 1/I/L): read from a projector, typed on a phone.
  join_code text not null unique check (join_code ~ '^[A-HJKMNP-Z2-9]{6}$'),
  status text not null default 'open' check (status in ('open', 'closed')),
  named_mode boolean not null default false,
  ask_desired boolean not null default false,
  current_round integer not null default 1,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
alter table public.sessions enable row level security;
create index sessions_team_id_idx on public.sessions (team_id, held_on desc);
create index sessions_set_id_idx on public.sessions (set_id);
create index sessions_created_by_idx on public.sessions (created_by);

create table public.session_rounds (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references public.sessions (id) on delete cascade,
  position integer not null check (position between 1 and 20),
  dilemma_slug text not null,
  phase text not null default 'waiting'
    check (phase in ('waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done')),
  notes_md text not null default '' check (char_length(notes_md) <= 20000),
  agreements_md text not null default '' check (char_length(agreements_md) <= 20000),
  notes_version integer not null default 0,
  revealed_at timestamptz,
  unique (session_id, position)
);
alter table public.session_rounds enable row level security;

create table public.session_participants (
  session_id uuid not null references public.sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  display_name text not null check (char_length(btrim(display_name)) between 1 and 40),
  joined_at timestamptz not null default now(),
  primary key (session_id, user_id)
);
alter table public.session_participants enable row level security;
create index session_participants_user_id_idx on public.session_participants (user_id);

create sequence public.position_revision;

create table public.positions (
  round_id uuid not null references public.session_rounds (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  stage text not null check (stage in ('before', 'after')),
  value integer not null check (value between 0 and 100),
  desired integer check (desired between 0 and 100),
  -- Increases with every write; the live stream carries it, so a client (or the benchmark) can
  -- tell which write an event belongs to without learning whose it was.
  revision bigint not null default nextval('public.position_revision'),
  updated_at timestamptz not null default now(),
  primary key (round_id, user_id, stage)
);
alter table public.positions enable row level security;
create index positions_user_id_idx on public.positions (user_id);

grant usage on sequence public.position_revision to authenticated;

-- Helpers (security definer: they look past RLS for one precise question about the caller) -----

create function private.is_session_facilitator(p_session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.sessions s
    join public.team_members m on m.team_id = s.team_id
    where s.id = p_session_id and m.user_id = (select auth.uid()) and m.role = 'facilitator')
$$;

create function private.my_session_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select session_id from public.session_participants where user_id = (select auth.uid())
  union
  select s.id from public.sessions s where s.team_id in (select private.my_team_ids())
$$;

create function private.my_facilitated_session_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select s.id from public.sessions s where s.team_id in (select private.my_facilitated_team_ids())
$$;

-- Whether the caller may place a point in this round at this stage now: the rule of cast_position
-- (a participant, an open session, its current round, the phase of that stage), so that a direct
-- write to the table cannot get round it.
create function private.can_cast(p_round_id uuid, p_stage text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.session_rounds r
    join public.sessions s on s.id = r.session_id and s.status = 'open' and s.current_round = r.position
    join public.session_participants sp on sp.session_id = s.id and sp.user_id = (select auth.uid())
    where r.id = p_round_id
      and r.phase = case p_stage when 'before' then 'position' when 'after' then 'reposition' end)
$$;

revoke execute on function private.is_session_facilitator(uuid), private.my_session_ids(),
  private.my_facilitated_session_ids(), private.can_cast(uuid, text) from public;
grant execute on function private.is_session_facilitator(uuid), private.my_session_ids(),
  private.my_facilitated_session_ids(), private.can_cast(uuid, text) to authenticated;

-- Policies -------------------------------------------------------------------------------------

create policy "team members and participants read the session" on public.sessions
  for select to authenticated using (id in (select private.my_session_ids()));
create policy "facilitators create sessions for their team" on public.sessions
  for insert to authenticated
  with check (team_id in (select private.my_facilitated_team_ids()) and created_by = (select auth.uid()));
create policy "facilitators run their team's sessions" on public.sessions
  for update to authenticated
  using (team_id in (select private.my_facilitated_team_ids()))
  with check (team_id in (select private.my_facilitated_team_ids()));

create policy "team members and participants read the rounds" on public.session_rounds
  for select to authenticated using (session_id in (select private.my_session_ids()));
create policy "facilitators add rounds" on public.session_rounds
  for insert to authenticated with check (session_id in (select private.my_facilitated_session_ids()));
create policy "facilitators move rounds on and write notes" on public.session_rounds
  for update to authenticated
  using (session_id in (select private.my_facilitated_session_ids()))
  with check (session_id in (select private.my_facilitated_session_ids()));

-- Names of participants are visible to the session's people (the presenter shows who joined).
create policy "the session's people see who joined" on public.session_participants
  for select to authenticated using (session_id in (select private.my_session_ids()));
create policy "participants change their own name" on public.session_participants
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- A raw position is its author's alone: aggregates reach others through round_results.
create policy "people read their own positions" on public.positions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "people write their own positions" on public.positions
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.can_cast(round_id, stage));
create policy "people change their own positions" on public.positions
  for update to authenticated
  using (user_id = (select auth.uid()) and private.can_cast(round_id, stage))
  with check (user_id = (select auth.uid()) and private.can_cast(round_id, stage));

grant select, insert, update on public.sessions, public.session_rounds to authenticated;
grant select on public.session_participants to authenticated;
-- Of a participation only the name changes: an update of session_id (without a WHERE, so the
-- select policy is not applied to the new row) would move a participant into any session whose
-- id they know, without its code. (The revoke matters on Supabase; see team_members.)
revoke update on public.session_participants from anon, authenticated;
grant update (display_name) on public.session_participants to authenticated;
grant select, insert, update on public.positions to authenticated;

-- Live events ----------------------------------------------------------------------------------

-- Every change a screen must show is announced on channel 'session_events' (pg_notify, which the
-- server LISTENs to) and, on Supabase, as a Realtime broadcast on the private topic
-- 'session:<id>'. Events carry no names and no values: clients reload what they may see.
create function private.announce(p_session_id uuid, p_kind text, p_extra jsonb default '{}'::jsonb)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_payload jsonb := jsonb_build_object('session_id', p_session_id, 'kind', p_kind) || p_extra;
begin
  perform pg_notify('session_events', v_payload::text);
  if to_regprocedure('realtime.send(jsonb, text, text, boolean)') is not null then
    execute 'select realtime.send($1, $2, $3, true)' using v_payload, p_kind, 'session:' || p_session_id;
  end if;
end
$$;
revoke execute on function private.announce(uuid, text, jsonb) from public;

create function private.announce_position() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.announce(
    (select session_id from public.session_rounds where id = new.round_id), 'position',
    jsonb_build_object('round_id', new.round_id, 'stage', new.stage, 'revision', new.revision));
  return null;
end
$$;
create trigger announce_position after insert or update on public.positions
  for each row execute function private.announce_position();

create function private.announce_participant() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.announce(new.session_id, 'participant');
  return null;
end
$$;
create trigger announce_participant after insert or update on public.session_participants
  for each row execute function private.announce_participant();

create function private.announce_round() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.announce(new.session_id,
    case when new.notes_version <> old.notes_version then 'notes' else 'phase' end,
    jsonb_build_object('round_id', new.id, 'phase', new.phase));
  return null;
end
$$;
create trigger announce_round after update on public.session_rounds
  for each row execute function private.announce_round();

create function private.announce_session() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.announce(new.id, 'session');
  return null;
end
$$;
create trigger announce_session after update on public.sessions
  for each row execute function private.announce_session();

-- The data API ---------------------------------------------------------------------------------

create function private.new_join_code() returns text
language plpgsql volatile
set search_path = ''
as $$
declare
  v_alphabet constant text := 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  v_code text;
begin
  loop
    select string_agg(substr(v_alphabet, 1 + floor(random() * length(v_alphabet))::int, 1), '')
    into v_code from generate_series(1, 6);
    exit when not exists (select 1 from public.sessions where join_code = v_code);
  end loop;
  return v_code;
end
$$;
-- The uniqueness check must see every session, not only the caller's.
alter function private.new_join_code() security definer;
revoke execute on function private.new_join_code() from public;
grant execute on function private.new_join_code() to authenticated;

-- Facilitators: a new session for their team over a chosen sequence of dilemmas.
create function public.create_session(p_team_id uuid, p_title text, p_held_on date,
                                      p_dilemma_slugs text[], p_ask_desired boolean,
                                      p_named_mode boolean) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_set uuid;
  v_id uuid := gen_random_uuid();
  v_slug text;
  v_position integer := 0;
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if char_length(btrim(coalesce(p_title, ''))) not between 2 and 120 then
    raise exception 'session_title_length' using errcode = '22023';
  end if;
  if coalesce(cardinality(p_dilemma_slugs), 0) not between 1 and 20 then
    raise exception 'session_dilemma_count' using errcode = '22023';
  end if;
  if (select count(distinct s) from unnest(p_dilemma_slugs) s) <> cardinality(p_dilemma_slugs) then
    raise exception 'session_dilemma_duplicate' using errcode = '22023';
  end if;
  v_set := private.resolve_set(p_team_id);
  if exists (select 1 from unnest(p_dilemma_slugs) s
             where not exists (select 1 from public.dilemmas d where d.set_id = v_set and d.slug = s)) then
    raise exception 'dilemma_not_found' using errcode = 'P0002';
  end if;

  insert into public.sessions (id, team_id, set_id, title, held_on, join_code, ask_desired, named_mode)
  values (v_id, p_team_id, v_set, btrim(p_title), coalesce(p_held_on, current_date),
          private.new_join_code(), coalesce(p_ask_desired, false), coalesce(p_named_mode, false));
  foreach v_slug in array p_dilemma_slugs loop
    v_position := v_position + 1;
    insert into public.session_rounds (session_id, position, dilemma_slug) values (v_id, v_position, v_slug);
  end loop;
  return jsonb_build_object('id', v_id, 'join_code', (select join_code from public.sessions where id = v_id));
end
$$;

-- Members: their team's sessions, newest first.
create function public.team_sessions(p_team_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', s.id, 'title', s.title, 'held_on', s.held_on, 'status', s.status,
        'join_code', case when s.status = 'open' then s.join_code end,
        'round_count', (select count(*) from public.session_rounds r where r.session_id = s.id),
        'participant_count', (select count(*) from public.session_participants p where p.session_id = s.id))
      order by s.held_on desc, s.created_at desc)
    from public.sessions s where s.team_id = p_team_id), '[]'::jsonb);
end
$$;

-- Joining by code: the code is the permission, so this step looks past RLS.
create function private.join_session(p_code text, p_display_name text) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_session public.sessions;
begin
  select * into v_session from public.sessions where join_code = upper(btrim(p_code));
  if v_session.id is null or v_session.status <> 'open' then
    raise exception 'join_code_unknown' using errcode = 'P0002';
  end if;
  insert into public.session_participants (session_id, user_id, display_name)
  values (v_session.id, (select auth.uid()), btrim(p_display_name))
  on conflict (session_id, user_id) do update set display_name = excluded.display_name;
  return v_session.id;
end
$$;
revoke execute on function private.join_session(text, text) from public;
grant execute on function private.join_session(text, text) to authenticated;

-- Anyone signed in (an account or an anonymous identity) with the code: join the session.
create function public.join_session(p_code text, p_display_name text) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if char_length(btrim(coalesce(p_display_name, ''))) not between 1 and 40 then
    raise exception 'participant_name_length' using errcode = '22023';
  end if;
  return jsonb_build_object('session_id', private.join_session(p_code, p_display_name));
end
$$;

-- The session as its people may see it: the current round with the dilemma in the reader's
-- language, counts, notes, and — only once revealed — the aggregate results.
create function private.round_values(p_round_id uuid, p_stage text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  -- Values only, sorted: anonymous dots for the strip plot. Names only in named mode.
  select coalesce(jsonb_agg(jsonb_build_object(
      'value', p.value, 'desired', p.desired,
      'name', case when s.named_mode then sp.display_name end)
    order by p.value, p.desired nulls first), '[]'::jsonb)
  from public.positions p
  join public.session_rounds r on r.id = p.round_id
  join public.sessions s on s.id = r.session_id
  left join public.session_participants sp on sp.session_id = s.id and sp.user_id = p.user_id
  where p.round_id = p_round_id and p.stage = p_stage
$$;

create function private.round_shift(p_round_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  -- Pairs of (before, after) per person who answered both, without identity unless named.
  select coalesce(jsonb_agg(jsonb_build_object(
      'before', b.value, 'after', a.value,
      'name', case when s.named_mode then sp.display_name end)
    order by b.value, a.value), '[]'::jsonb)
  from public.positions b
  join public.positions a on a.round_id = b.round_id and a.user_id = b.user_id and a.stage = 'after'
  join public.session_rounds r on r.id = b.round_id
  join public.sessions s on s.id = r.session_id
  left join public.session_participants sp on sp.session_id = s.id and sp.user_id = b.user_id
  where b.round_id = p_round_id and b.stage = 'before'
$$;

create function private.round_counts(p_round_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'before', count(*) filter (where stage = 'before'),
    'after', count(*) filter (where stage = 'after'))
  from public.positions where round_id = p_round_id
$$;

revoke execute on function private.round_values(uuid, text), private.round_shift(uuid),
  private.round_counts(uuid) from public;
grant execute on function private.round_values(uuid, text), private.round_shift(uuid),
  private.round_counts(uuid) to authenticated;

-- The text of one of a session's dilemmas in the reader's language (or the set's first one).
-- Definer, because an anonymous participant may not read a team's own set directly; it answers
-- only for sessions the caller belongs to.
create function private.session_dilemma(p_session_id uuid, p_slug text, p_lang text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select private.dilemma_json(d)
  from public.sessions s
  join public.dilemma_sets ds on ds.id = s.set_id
  join public.dilemmas d on d.set_id = s.set_id and d.slug = p_slug
   and d.lang = case when p_lang = any (ds.languages) then p_lang else ds.languages[1] end
  where s.id = p_session_id and s.id in (select private.my_session_ids())
$$;
revoke execute on function private.session_dilemma(uuid, text, text) from public;
grant execute on function private.session_dilemma(uuid, text, text) to authenticated;

create function public.session_state(p_session_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_session public.sessions;
  v_round public.session_rounds;
  v_facilitator boolean;
  v_revealed boolean;
begin
  select * into v_session from public.sessions where id = p_session_id;
  if v_session.id is null then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  v_facilitator := private.is_session_facilitator(p_session_id);
  select * into v_round from public.session_rounds
  where session_id = p_session_id and position = v_session.current_round;
  v_revealed := v_round.phase in ('reveal', 'discuss', 'reposition', 'shift', 'done');

  return jsonb_build_object(
    'session', jsonb_build_object(
      'id', v_session.id, 'team_id', v_session.team_id, 'title', v_session.title,
      'held_on', v_session.held_on, 'status', v_session.status,
      'join_code', case when v_session.status = 'open' then v_session.join_code end,
      'named_mode', v_session.named_mode, 'ask_desired', v_session.ask_desired,
      'round_count', (select count(*) from public.session_rounds where session_id = p_session_id),
      'participant_count', (select count(*) from public.session_participants where session_id = p_session_id),
      'is_facilitator', v_facilitator),
    -- The whole sequence, so the presenter can show where the session is and jump.
    'rounds', (select coalesce(jsonb_agg(jsonb_build_object(
        'position', r.position, 'phase', r.phase,
        'title', private.session_dilemma(p_session_id, r.dilemma_slug, p_lang) ->> 'title')
      order by r.position), '[]'::jsonb)
      from public.session_rounds r where r.session_id = p_session_id),
    'round', jsonb_build_object(
      'id', v_round.id, 'position', v_round.position, 'phase', v_round.phase,
      'dilemma', private.session_dilemma(p_session_id, v_round.dilemma_slug, p_lang),
      'notes_md', v_round.notes_md, 'agreements_md', v_round.agreements_md,
      'notes_version', v_round.notes_version,
      'counts', private.round_counts(v_round.id),
      'before', case when v_revealed then private.round_values(v_round.id, 'before') end,
      'after', case when v_round.phase in ('shift', 'done') then private.round_values(v_round.id, 'after') end,
      'shift', case when v_round.phase in ('shift', 'done') then private.round_shift(v_round.id) end),
    'mine', (select coalesce(jsonb_object_agg(p.stage, jsonb_build_object('value', p.value, 'desired', p.desired)), '{}'::jsonb)
             from public.positions p where p.round_id = v_round.id and p.user_id = (select auth.uid())),
    'me', (select jsonb_build_object('display_name', sp.display_name)
           from public.session_participants sp
           where sp.session_id = p_session_id and sp.user_id = (select auth.uid())));
end
$$;

-- Participants: place (or move) their point. One row per person, round and stage: sending the
-- same vote again changes nothing, so retries never double-count.
create function public.cast_position(p_round_id uuid, p_value integer, p_desired integer default null)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_round public.session_rounds;
  v_session public.sessions;
  v_stage text;
  v_revision bigint;
begin
  select * into v_round from public.session_rounds where id = p_round_id;
  if v_round.id is null then
    raise exception 'round_not_found' using errcode = 'P0002';
  end if;
  select * into v_session from public.sessions where id = v_round.session_id;
  if not exists (select 1 from public.session_participants
                 where session_id = v_session.id and user_id = (select auth.uid())) then
    raise exception 'not_a_participant' using errcode = '42501';
  end if;
  if v_session.status <> 'open' then
    raise exception 'session_closed' using errcode = 'P0001';
  end if;
  v_stage := case v_round.phase when 'position' then 'before' when 'reposition' then 'after' end;
  if v_stage is null or v_round.position <> v_session.current_round then
    raise exception 'round_not_open' using errcode = 'P0001';
  end if;
  if p_value is null or p_value not between 0 and 100 or (p_desired is not null and p_desired not between 0 and 100) then
    raise exception 'position_out_of_range' using errcode = '22023';
  end if;
  if v_session.ask_desired is false then
    p_desired := null;
  end if;

  insert into public.positions as p (round_id, user_id, stage, value, desired)
  values (p_round_id, (select auth.uid()), v_stage, p_value, p_desired)
  on conflict (round_id, user_id, stage) do update
    set value = excluded.value, desired = excluded.desired,
        revision = nextval('public.position_revision'), updated_at = now()
    where (p.value, p.desired) is distinct from (excluded.value, excluded.desired)
  returning revision into v_revision;
  if v_revision is null then
    -- An identical retry: nothing written, the earlier revision stands.
    select revision into v_revision from public.positions
    where round_id = p_round_id and user_id = (select auth.uid()) and stage = v_stage;
  end if;
  return jsonb_build_object('stage', v_stage, 'value', p_value, 'desired', p_desired, 'revision', v_revision);
end
$$;

-- Facilitators: move the current round to a phase, or go to another round.
create function public.set_round_phase(p_session_id uuid, p_position integer, p_phase text) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not private.is_session_facilitator(p_session_id) then
    if exists (select 1 from public.sessions where id = p_session_id) then
      raise exception 'facilitator_only' using errcode = '42501';
    end if;
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  if p_phase not in ('waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done') then
    raise exception 'invalid_phase' using errcode = '22023';
  end if;
  if not exists (select 1 from public.session_rounds where session_id = p_session_id and position = p_position) then
    raise exception 'round_not_found' using errcode = 'P0002';
  end if;
  update public.sessions set current_round = p_position
  where id = p_session_id and current_round <> p_position;
  update public.session_rounds
  set phase = p_phase,
      revealed_at = case when p_phase in ('reveal', 'discuss', 'reposition', 'shift', 'done')
                          and revealed_at is null then now() else revealed_at end
  where session_id = p_session_id and position = p_position and phase <> p_phase;
end
$$;

-- Facilitators: save the notes and agreements of a round. The version they started from must
-- still be current, so two facilitators typing at once never overwrite each other silently.
create function public.save_round_notes(p_round_id uuid, p_notes_md text, p_agreements_md text,
                                        p_expected_version integer) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_round public.session_rounds;
begin
  select * into v_round from public.session_rounds where id = p_round_id;
  if v_round.id is null then
    raise exception 'round_not_found' using errcode = 'P0002';
  end if;
  if not private.is_session_facilitator(v_round.session_id) then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
  if char_length(coalesce(p_notes_md, '')) > 20000 or char_length(coalesce(p_agreements_md, '')) > 20000 then
    raise exception 'notes_too_long' using errcode = '22023';
  end if;
  if v_round.notes_md = coalesce(p_notes_md, '') and v_round.agreements_md = coalesce(p_agreements_md, '') then
    -- Saving the same text twice leaves one version.
    return jsonb_build_object('notes_version', v_round.notes_version);
  end if;
  if v_round.notes_version <> p_expected_version then
    raise exception 'notes_conflict' using errcode = 'P0001';
  end if;
  update public.session_rounds
  set notes_md = coalesce(p_notes_md, ''), agreements_md = coalesce(p_agreements_md, ''),
      notes_version = notes_version + 1
  where id = p_round_id and notes_version = p_expected_version;
  if not found then
    raise exception 'notes_conflict' using errcode = 'P0001';
  end if;
  return jsonb_build_object('notes_version', p_expected_version + 1);
end
$$;

-- Facilitators: close the session (the join code stops working) or reopen it to correct notes.
create function public.set_session_status(p_session_id uuid, p_status text) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not private.is_session_facilitator(p_session_id) then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  if p_status not in ('open', 'closed') then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  update public.sessions
  set status = p_status, closed_at = case when p_status = 'closed' then now() end
  where id = p_session_id and status <> p_status;
end
$$;

-- The session's people: every round with its dilemma, notes and aggregate results (revealed
-- rounds only). Names appear only in named mode, which the team chose for this session.
create function public.session_report(p_session_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_session public.sessions;
begin
  select * into v_session from public.sessions where id = p_session_id;
  if v_session.id is null then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'session', jsonb_build_object(
      'id', v_session.id, 'team_id', v_session.team_id, 'title', v_session.title,
      'held_on', v_session.held_on, 'status', v_session.status, 'named_mode', v_session.named_mode,
      'ask_desired', v_session.ask_desired,
      'team_name', (select name from public.teams where id = v_session.team_id),
      'participant_count', (select count(*) from public.session_participants where session_id = p_session_id),
      'is_facilitator', private.is_session_facilitator(p_session_id)),
    -- The round still in play (open session, current round) shows no more than session_state:
    -- 'before' from the reveal on, 'after' and 'shift' from the shift phase on.
    'rounds', coalesce((
      select jsonb_agg(jsonb_build_object(
          'id', r.id, 'position', r.position, 'phase', r.phase,
          'dilemma', private.session_dilemma(p_session_id, r.dilemma_slug, p_lang),
          'notes_md', r.notes_md, 'agreements_md', r.agreements_md,
          'before', case when r.revealed_at is not null and not (live and r.phase in ('waiting', 'position'))
                         then private.round_values(r.id, 'before') else '[]'::jsonb end,
          'after', case when r.revealed_at is not null and not (live and r.phase not in ('shift', 'done'))
                        then private.round_values(r.id, 'after') else '[]'::jsonb end,
          'shift', case when r.revealed_at is not null and not (live and r.phase not in ('shift', 'done'))
                        then private.round_shift(r.id) else '[]'::jsonb end)
        order by r.position)
      from public.session_rounds r
      cross join lateral (select v_session.status = 'open' and r.position = v_session.current_round as live) l
      where r.session_id = p_session_id), '[]'::jsonb));
end
$$;

revoke execute on function public.create_session(uuid, text, date, text[], boolean, boolean),
  public.team_sessions(uuid), public.join_session(text, text), public.session_state(uuid, text),
  public.cast_position(uuid, integer, integer), public.set_round_phase(uuid, integer, text),
  public.save_round_notes(uuid, text, text, integer), public.set_session_status(uuid, text),
  public.session_report(uuid, text) from public;
grant execute on function public.create_session(uuid, text, date, text[], boolean, boolean),
  public.team_sessions(uuid), public.join_session(text, text), public.session_state(uuid, text),
  public.cast_position(uuid, integer, integer), public.set_round_phase(uuid, integer, text),
  public.save_round_notes(uuid, text, text, integer), public.set_session_status(uuid, text),
  public.session_report(uuid, text) to authenticated;
