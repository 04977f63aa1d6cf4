-- Anonymous rounds cannot be peeled (issue #13, "trust that holds against a determined insider").
--
-- Before this, a facilitator could reveal the spread after each vote, step back to "position",
-- wait for the next vote and reveal again: the difference between two views of the same stage is
-- one person's value (three phones' votes were read back in arrival order). Two rules close it:
--
-- 1. A stage that has been shown is sealed. Once the first spread has been revealed, nobody can
--    place or move a 'before' point in that round any more, and once the shift has been shown, no
--    'after' point. A late arrival answers in the next stage (re-positioning). Stepping never
--    lands on a sealed voting phase (back from the reveal goes to the introduction), and no
--    write, through a function or straight to the table, can unseal a stage: the stamps only move
--    forward (trigger).
-- 2. In anonymous mode a stage's values are shown only from three answers on
--    (private.min_spread_answers), everywhere they are read: the live view, the report and its
--    exports. Revealing fewer asks the facilitator first, as revealing none already did.
--
-- Together: every view of a stage shows the same sealed set, so two views never differ by one
-- person, and no view shows a set of one or two.

alter table public.session_rounds add column shift_revealed_at timestamptz;

comment on column public.session_rounds.shift_revealed_at is
  'When the shift (after re-positioning) was first shown; from then on no ''after'' point can be placed or moved.';

-- Rounds as the old steps may have left them: a shift already shown, or a voting phase reopened
-- after its spread was shown. They move on to the spread (nothing is lost: the points stay).
update public.session_rounds set shift_revealed_at = coalesce(revealed_at, now())
where phase in ('shift', 'done') and shift_revealed_at is null;
update public.session_rounds set phase = 'reveal' where phase = 'position' and revealed_at is not null;

create function private.min_spread_answers() returns integer
language sql immutable
set search_path = ''
as $$ select 3 $$;

comment on function private.min_spread_answers() is
  'Anonymous mode: a stage''s values are shown only from this many answers on.';

-- Whether a stage of a round is sealed (its result has been shown).
create function private.stage_sealed(p_round public.session_rounds, p_stage text) returns boolean
language sql immutable
set search_path = ''
as $$
  select case p_stage when 'before' then p_round.revealed_at is not null
                      when 'after' then p_round.shift_revealed_at is not null
                      else true end
$$;

create function private.seal_shown_stages() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A stage once shown stays shown: the stamps are never cleared or moved back.
  new.revealed_at := coalesce(old.revealed_at, new.revealed_at);
  new.shift_revealed_at := coalesce(old.shift_revealed_at, new.shift_revealed_at);
  if new.phase in ('reveal', 'discuss', 'reposition', 'shift', 'done') then
    new.revealed_at := coalesce(new.revealed_at, now());
  end if;
  if new.phase in ('shift', 'done') then
    new.shift_revealed_at := coalesce(new.shift_revealed_at, now());
  end if;
  if (new.phase = 'position' and private.stage_sealed(new, 'before'))
     or (new.phase = 'reposition' and private.stage_sealed(new, 'after')) then
    raise exception 'stage_closed' using errcode = 'P0001';
  end if;
  return new;
end
$$;

create trigger seal_shown_stages before update on public.session_rounds
  for each row execute function private.seal_shown_stages();

-- Direct writes to positions (RLS) follow the same rule as cast_position.
create or replace function private.can_cast(p_round_id uuid, p_stage text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.session_rounds r
    join public.sessions s on s.id = r.session_id and s.status = 'open' and s.current_round = r.position
    join public.session_participants sp on sp.session_id = s.id and sp.user_id = (select auth.uid())
    where r.id = p_round_id
      and r.phase = case p_stage when 'before' then 'position' when 'after' then 'reposition' end
      and not private.stage_sealed(r, p_stage))
$$;

create or replace function public.cast_position(p_round_id uuid, p_value integer, p_desired integer default null)
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
  if v_round.position <> v_session.current_round then
    raise exception 'round_not_open' using errcode = 'P0001';
  end if;
  if v_stage is null then
    -- After a reveal the stage is sealed: say so, and that the next stage is where to answer.
    raise exception '%', case when private.stage_sealed(v_round, 'before') and not private.stage_sealed(v_round, 'after')
                              then 'stage_closed' else 'round_not_open' end using errcode = 'P0001';
  end if;
  if private.stage_sealed(v_round, v_stage) then
    raise exception 'stage_closed' using errcode = 'P0001';
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

-- Values of a stage: in anonymous mode nothing until there are enough of them.
create or replace function private.round_values(p_round_id uuid, p_stage text) returns jsonb
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
    and (s.named_mode or (select count(*) from public.positions c
                          where c.round_id = p_round_id and c.stage = p_stage) >= private.min_spread_answers())
$$;

create or replace function private.round_shift(p_round_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  -- Pairs of (before, after) per person who answered both, without identity unless named; in
  -- anonymous mode only from enough pairs on.
  with pairs as (
    select b.value as before, a.value as after, s.named_mode,
           case when s.named_mode then sp.display_name end as name
    from public.positions b
    join public.positions a on a.round_id = b.round_id and a.user_id = b.user_id and a.stage = 'after'
    join public.session_rounds r on r.id = b.round_id
    join public.sessions s on s.id = r.session_id
    left join public.session_participants sp on sp.session_id = s.id and sp.user_id = b.user_id
    where b.round_id = p_round_id and b.stage = 'before')
  select coalesce(jsonb_agg(jsonb_build_object('before', before, 'after', after, 'name', name)
    order by before, after), '[]'::jsonb)
  from pairs
  where named_mode or (select count(*) from pairs) >= private.min_spread_answers()
$$;

-- Stepping skips voting phases that are sealed, and asks before showing too few answers.
create or replace function public.step_session(p_session_id uuid, p_from_position integer, p_from_phase text,
                                               p_direction text, p_confirm_empty boolean default false)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_order constant text[] := array['waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done'];
  v_session public.sessions;
  v_round public.session_rounds;
  v_round_count integer;
  v_index integer;
  v_to_position integer;
  v_to_phase text;
  v_stage text;
  v_answers integer;
begin
  if not private.is_session_facilitator(p_session_id) then
    if exists (select 1 from public.sessions where id = p_session_id) then
      raise exception 'facilitator_only' using errcode = '42501';
    end if;
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  if p_direction not in ('forward', 'back') or not (p_from_phase = any (v_order)) then
    raise exception 'invalid_phase' using errcode = '22023';
  end if;
  -- One step at a time per session: a double press waits for the first and then sees it done.
  select * into v_session from public.sessions where id = p_session_id for update;
  if v_session.status <> 'open' then
    raise exception 'session_closed' using errcode = 'P0001';
  end if;
  select * into v_round from public.session_rounds
  where session_id = p_session_id and position = v_session.current_round;
  if v_round.position is distinct from p_from_position or v_round.phase is distinct from p_from_phase then
    -- The screen that asked was behind: this is a repeat, or another screen moved first.
    return jsonb_build_object('moved', false, 'position', v_round.position, 'phase', v_round.phase);
  end if;
  select count(*) into v_round_count from public.session_rounds where session_id = p_session_id;
  v_index := array_position(v_order, v_round.phase);
  v_to_position := v_round.position;

  if p_direction = 'forward' then
    if v_round.phase in ('shift', 'done') then
      if v_round.position >= v_round_count then
        if v_round.phase = 'done' then
          raise exception 'no_next_step' using errcode = 'P0001';
        end if;
        v_to_phase := 'done';
      else
        -- The finished dilemma is done; the next one opens on its introduction.
        update public.session_rounds set phase = 'done'
        where id = v_round.id and phase <> 'done';
        v_to_position := v_round.position + 1;
        v_to_phase := 'waiting';
      end if;
    else
      v_to_phase := v_order[v_index + 1];
      -- A voting phase whose stage was already shown is passed: its result comes next.
      if (v_to_phase = 'position' and private.stage_sealed(v_round, 'before'))
         or (v_to_phase = 'reposition' and private.stage_sealed(v_round, 'after')) then
        v_to_phase := v_order[v_index + 2];
      end if;
    end if;
    -- Showing a stage for the first time seals it: with no answers, or (anonymous) too few to
    -- show, the facilitator confirms first. Counts through the definer helper: the facilitator
    -- may not read other people's rows.
    v_stage := case v_to_phase when 'reveal' then 'before' when 'shift' then 'after' end;
    if not p_confirm_empty and v_to_position = v_round.position and v_stage is not null
       and not private.stage_sealed(v_round, v_stage) then
      v_answers := (private.round_counts(v_round.id) ->> v_stage)::integer;
      if v_answers = 0 then
        raise exception 'reveal_without_answers' using errcode = 'P0001';
      elsif not v_session.named_mode and v_answers < private.min_spread_answers() then
        raise exception 'reveal_too_few_answers' using errcode = 'P0001';
      end if;
    end if;
  else
    if v_round.phase = 'waiting' then
      if v_round.position <= 1 then
        raise exception 'no_previous_step' using errcode = 'P0001';
      end if;
      -- Back from an introduction: to the shift of the dilemma before, as it was left.
      v_to_position := v_round.position - 1;
      v_to_phase := 'shift';
    elsif v_round.phase = 'done' then
      v_to_phase := 'shift';
    else
      v_to_phase := v_order[v_index - 1];
      -- Back over a sealed voting phase: from the reveal to the introduction, from the shift to
      -- the discussion. Reopening the vote is exactly what would let one person's value be read.
      if (v_to_phase = 'position' and private.stage_sealed(v_round, 'before'))
         or (v_to_phase = 'reposition' and private.stage_sealed(v_round, 'after')) then
        v_to_phase := v_order[v_index - 2];
      end if;
    end if;
  end if;

  update public.sessions set current_round = v_to_position
  where id = p_session_id and current_round <> v_to_position;
  -- The seal_shown_stages trigger stamps revealed_at and shift_revealed_at.
  update public.session_rounds set phase = v_to_phase
  where session_id = p_session_id and position = v_to_position and phase <> v_to_phase;
  return jsonb_build_object('moved', true, 'position', v_to_position, 'phase', v_to_phase);
end
$$;

revoke execute on function private.min_spread_answers(), private.stage_sealed(public.session_rounds, text),
  private.seal_shown_stages() from public;
grant execute on function private.min_spread_answers(), private.stage_sealed(public.session_rounds, text)
  to authenticated;

-- The session's state tells which of the round's stages are sealed, so the presenter names the step
-- it will really take (forward from an introduction whose spread was shown goes to that spread).
create or replace function public.session_state(p_session_id uuid, p_lang text) returns jsonb
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
      'sealed', jsonb_build_object('before', private.stage_sealed(v_round, 'before'), 'after', private.stage_sealed(v_round, 'after')),
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
