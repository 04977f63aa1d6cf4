-- Names in named mode are stable (issue: trust against a determined insider, point 6).
--
-- In a session that shows names with the results, a participant could join again with the same
-- code under someone else's name, after the reveal too, and both values then showed under that
-- name. Now, in named mode, two participants of one session cannot carry the same name
-- (compared without case and surrounding spaces), and a participant's name is fixed once they
-- have placed a point: joining again, or writing the name directly, keeps the name they voted
-- under. Anonymous sessions are unchanged: their names are never shown with a value.

create function private.guard_participant_name() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not coalesce((select s.named_mode from public.sessions s where s.id = new.session_id), false) then
    return new;
  end if;
  -- Joins of one session one at a time, so two phones cannot take one name at the same moment.
  perform pg_advisory_xact_lock(hashtextextended('participant_name:' || new.session_id::text, 0));
  if tg_op = 'UPDATE' and new.display_name is distinct from old.display_name
     and exists (select 1 from public.positions p
                 join public.session_rounds r on r.id = p.round_id
                 where r.session_id = new.session_id and p.user_id = new.user_id) then
    -- Voted under this name: it stays.
    new.display_name := old.display_name;
    return new;
  end if;
  if exists (select 1 from public.session_participants sp
             where sp.session_id = new.session_id and sp.user_id <> new.user_id
               and lower(btrim(sp.display_name)) = lower(btrim(new.display_name))) then
    raise exception 'participant_name_taken' using errcode = 'P0001';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_participant_name() from public;

create trigger guard_participant_name before insert or update on public.session_participants
  for each row execute function private.guard_participant_name();
