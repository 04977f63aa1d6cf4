-- Stepping through a meeting, as a real room does it (issue: "a team meeting in a real room").
--
-- Before this, the presenter sent "move round N to phase P" (set_round_phase), and its "next
-- dilemma" was two such calls from the route outside one transaction. A clicker's double press
-- or a retried request then moved one step too far: a second "reveal" arrived while the page
-- still showed "position", and the next dilemma opened straight into voting, so the
-- introduction of dilemmas 2..n was never shown.
--
-- step_session names the step it expects to leave (round and phase as the screen showed them).
-- When the session is no longer there, the request is a repeat of a step already taken and
-- changes nothing. A new dilemma starts with its introduction ('waiting'), and revealing a
-- spread that nobody has answered needs an explicit confirmation.

create function public.step_session(p_session_id uuid, p_from_position integer, p_from_phase text,
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
    end if;
    -- Counts through the definer helper: the facilitator may not read other people's rows.
    if not p_confirm_empty and v_to_position = v_round.position and (
         (v_to_phase = 'reveal' and (private.round_counts(v_round.id) ->> 'before')::integer = 0)
      or (v_to_phase = 'shift' and (private.round_counts(v_round.id) ->> 'after')::integer = 0)) then
      raise exception 'reveal_without_answers' using errcode = 'P0001';
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
    end if;
  end if;

  update public.sessions set current_round = v_to_position
  where id = p_session_id and current_round <> v_to_position;
  update public.session_rounds
  set phase = v_to_phase,
      revealed_at = case when v_to_phase in ('reveal', 'discuss', 'reposition', 'shift', 'done')
                          and revealed_at is null then now() else revealed_at end
  where session_id = p_session_id and position = v_to_position and phase <> v_to_phase;
  return jsonb_build_object('moved', true, 'position', v_to_position, 'phase', v_to_phase);
end
$$;

comment on function public.step_session(uuid, integer, text, text, boolean) is
  'Facilitators: one step forward or back from the round and phase the screen showed; a repeat changes nothing.';

revoke execute on function public.step_session(uuid, integer, text, text, boolean) from public, anon;
grant execute on function public.step_session(uuid, integer, text, text, boolean) to authenticated;
