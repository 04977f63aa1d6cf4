-- A room of a thousand phones (issue: "live updates that scale").
--
-- Every phone used to reload the whole session_state on every step: the dilemma text, the
-- rounds, the aggregates, in one query per phone. What a session shows is the same for all its
-- people but the facilitator, so the server now keeps one snapshot of it per step and asks the
-- database per phone only what is that phone's own: may it see the session at all, under which
-- name, and its own points in the round the snapshot shows. That question is this function: one
-- light query, and the access check that guards the shared snapshot.

create function public.session_viewer(p_session_id uuid, p_round_id uuid default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_session public.sessions;
begin
  -- RLS answers "may the caller see this session": its team's members and its participants.
  select * into v_session from public.sessions where id = p_session_id;
  if v_session.id is null then
    raise exception 'session_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'is_facilitator', private.is_session_facilitator(p_session_id),
    'status', v_session.status,
    'current_round', v_session.current_round,
    'me', (select jsonb_build_object('display_name', sp.display_name)
           from public.session_participants sp
           where sp.session_id = p_session_id and sp.user_id = (select auth.uid())),
    -- Only a round of this session counts: another round's id gives no points.
    'mine', (select coalesce(jsonb_object_agg(p.stage, jsonb_build_object('value', p.value, 'desired', p.desired)), '{}'::jsonb)
             from public.positions p
             join public.session_rounds r on r.id = p.round_id and r.session_id = p_session_id
             where p.round_id = p_round_id and p.user_id = (select auth.uid())));
end
$$;

comment on function public.session_viewer(uuid, uuid) is
  'The session''s people: whether they may see it, their name in it and their own points in one round; the rest of what they see is shared.';

revoke execute on function public.session_viewer(uuid, uuid) from public, anon;
grant execute on function public.session_viewer(uuid, uuid) to authenticated;
