-- Fixes found by the trust checks (tests/db/01-schema lints, 40-access-matrix, 41-idempotency).
--
-- save_round_notes: a network retry of a save, arriving while the save it repeats is still
-- running, was refused as notes_conflict on PostgreSQL. Both calls read version n without a
-- lock, both passed the "same text?" and "version current?" checks, and the second one's update
-- (where notes_version = n) then found version n + 1 and matched nothing. The facilitator saw a
-- conflict with their own text. Now the round is locked before the checks, so a retry waits for
-- the save it repeats and then sees its own text: it answers with the current version, and the
-- version goes up once. A different text from a stale version still conflicts.

create or replace function public.save_round_notes(p_round_id uuid, p_notes_md text, p_agreements_md text,
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
  -- Only a facilitator gets here (the lock needs the update policy, which only they pass); the
  -- locked read waits for a concurrent save of the round and returns the row as it left it.
  select * into v_round from public.session_rounds where id = p_round_id for update;
  if v_round.id is null then
    raise exception 'round_not_found' using errcode = 'P0002';
  end if;
  if v_round.notes_md = coalesce(p_notes_md, '') and v_round.agreements_md = coalesce(p_agreements_md, '') then
    -- Saving the same text again (a retry, or a second tab) leaves one version and is no conflict.
    return jsonb_build_object('notes_version', v_round.notes_version);
  end if;
  if v_round.notes_version <> p_expected_version then
    raise exception 'notes_conflict' using errcode = 'P0001';
  end if;
  update public.session_rounds
  set notes_md = coalesce(p_notes_md, ''), agreements_md = coalesce(p_agreements_md, ''),
      notes_version = notes_version + 1
  where id = p_round_id;
  return jsonb_build_object('notes_version', p_expected_version + 1);
end
$$;

-- create or replace keeps the grants; stated again so this file reads whole.
revoke execute on function public.save_round_notes(uuid, text, text, integer) from public, anon;
grant execute on function public.save_round_notes(uuid, text, text, integer) to authenticated;

-- networks: the policy called private.is_member_account() bare, so it ran once per row instead of
-- once per statement (schema lint "no policy calls … an argument-free function unwrapped").
-- Same rule, wrapped.
drop policy "people see the networks they take part in" on public.networks;
create policy "people see the networks they take part in" on public.networks
  for select to authenticated
  using (id in (select private.my_network_ids()) or (select private.is_member_account()));
