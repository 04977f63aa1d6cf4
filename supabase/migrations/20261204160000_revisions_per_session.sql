-- Vote revisions per session (issue: trust against a determined insider, point 7).
--
-- A position's revision lets a screen tell which write an event belongs to. It came from one
-- sequence shared by every team, so a phone that voted twice could read from the gap between
-- its own two revisions how many votes other teams' sessions had cast meanwhile. Now each
-- session numbers its own writes, 1, 2, 3, …, in a counter nobody can read or write but this
-- trigger; a revision written by hand (a direct table write) is replaced by the next number.

create table private.session_revisions (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  revision bigint not null default 0
);
alter table private.session_revisions enable row level security;
revoke all on private.session_revisions from public, anon, authenticated;

create function private.number_position() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_revision bigint;
begin
  -- An upsert (cast_position) fires this before the insert it attempts and again before the
  -- update it turns into: number only the write that happens, so each write is one up.
  if tg_op = 'INSERT' and exists (select 1 from public.positions p
                                  where p.round_id = new.round_id and p.user_id = new.user_id and p.stage = new.stage) then
    return new;
  end if;
  -- An update that leaves the point where it was (an account deletion handing the row to its
  -- placeholder) is no new vote: it keeps its number, whatever number was written.
  if tg_op = 'UPDATE' and (new.value, new.desired) is not distinct from (old.value, old.desired) then
    new.revision := old.revision;
    return new;
  end if;
  insert into private.session_revisions as r (session_id, revision)
  select round.session_id, 1 from public.session_rounds round where round.id = new.round_id
  on conflict (session_id) do update set revision = r.revision + 1
  returning r.revision into v_revision;
  new.revision := v_revision;
  return new;
end
$$;
revoke execute on function private.number_position() from public;

create trigger number_position before insert or update on public.positions
  for each row execute function private.number_position();

-- Positions written before this migration keep their numbers; each session continues above its
-- highest one, so a screen never sees a revision go backwards.
insert into private.session_revisions (session_id, revision)
select r.session_id, max(p.revision)
from public.positions p join public.session_rounds r on r.id = p.round_id
group by r.session_id
on conflict (session_id) do nothing;

-- (The shared sequence still fills the column first, as cast_position and the column default
-- ask; the trigger replaces its value before the row is stored, so no one sees it.)
