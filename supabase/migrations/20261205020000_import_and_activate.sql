-- Importing a set and taking it into use is one step for the facilitator, so it is one function
-- (one transaction): before, the route called import_dilemma_set and then activate_dilemma_set,
-- and a failure between the two left a team with a new set it had not chosen.
--
-- Both functions keep their own checks (facilitator of the team, a valid list, the set belongs
-- to the team); this one only joins them. The built-in set is still installed by the server
-- through import_dilemma_set (team null, service role).

create function public.import_and_activate_dilemma_set(p_team_id uuid, p_name text, p_fingerprint text,
                                                       p_dilemmas jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_imported jsonb;
begin
  if p_team_id is null then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  v_imported := public.import_dilemma_set(p_team_id, p_name, p_fingerprint, p_dilemmas);
  perform public.activate_dilemma_set(p_team_id, (v_imported ->> 'id')::uuid);
  return v_imported;
end
$$;

revoke execute on function public.import_and_activate_dilemma_set(uuid, text, text, jsonb) from public, anon;
grant execute on function public.import_and_activate_dilemma_set(uuid, text, text, jsonb) to authenticated;
