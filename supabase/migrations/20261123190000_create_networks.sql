-- Networks of teams (the Associatie Wijkteams and others): teams that opt in compare their
-- results with the network, in aggregate only.
--
-- Privacy by design, enforced here and nowhere else:
-- * The unit that may leave a team is one *cell*: the team's positions on one dilemma in one
--   closed session (each person's last point: after the discussion where given, else before).
--   Cells are computed when a session closes (network_cells) and never from anything smaller.
-- * A cell reaches the network only when the team shares with that network, has at least k
--   distinct contributors (k per network, never below 3) and not everyone gave the same answer
--   (a unanimous cell reveals every contributor's position). Otherwise it is suppressed: left out
--   and counted as suppressed, never rounded or blurred.
-- * A period (quarter or year) shows, per team, its most recent cell in that period: never a pool
--   of several sessions, so comparing periods or filters never isolates fewer than k people.
-- * Only cell medians leave the team. No quartiles of a single team (with five people they are
--   their positions), no names of people, no reflections.
-- * Withdrawing (sharing off) or leaving removes the team from every view at once: the views read
--   the sharing flag on every call; nothing network-wide is precomputed.

create table public.networks (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (char_length(btrim(name)) between 2 and 120),
  description_md text not null default '' check (char_length(description_md) <= 4000),
  -- The smallest number of distinct people behind a team's cell before it may be shown.
  min_contributors integer not null default 5 check (min_contributors >= 3),
  created_at timestamptz not null default now()
);
alter table public.networks enable row level security;

create table public.network_coordinators (
  network_id uuid not null references public.networks (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (network_id, user_id)
);
alter table public.network_coordinators enable row level security;
create index network_coordinators_user_id_idx on public.network_coordinators (user_id);

create table public.network_teams (
  network_id uuid not null references public.networks (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  -- Off until the team's facilitator turns it on; turning it off takes effect on the next read.
  sharing boolean not null default false,
  show_name boolean not null default false,
  -- The anonymous label ("Team K") is the team's number in the network written in letters.
  label_no integer not null check (label_no >= 1),
  -- The team's own reading of its results ("duiding"), shown beside them when the team is named.
  interpretation_md text not null default '' check (char_length(interpretation_md) <= 2000),
  joined_at timestamptz not null default now(),
  sharing_changed_at timestamptz,
  primary key (network_id, team_id),
  unique (network_id, label_no)
);
alter table public.network_teams enable row level security;
create index network_teams_team_id_idx on public.network_teams (team_id);

-- One team's summary of one dilemma in one closed session. Written only by the close trigger.
create table public.network_cells (
  session_id uuid not null references public.sessions (id) on delete cascade,
  dilemma_slug text not null,
  team_id uuid not null references public.teams (id) on delete cascade,
  held_on date not null,
  contributors integer not null,
  median numeric(5, 2) not null,
  unanimous boolean not null,
  primary key (session_id, dilemma_slug)
);
alter table public.network_cells enable row level security;
create index network_cells_team_id_idx on public.network_cells (team_id, dilemma_slug, held_on desc);

-- Per team, dilemma and period, the team's most recent cell in that period: what the dashboard
-- reads, so its cost grows with teams × dilemmas, not with positions or sessions.
create table public.network_period_cells (
  team_id uuid not null references public.teams (id) on delete cascade,
  dilemma_slug text not null,
  period_kind text not null check (period_kind in ('quarter', 'year')),
  period_start date not null,
  session_id uuid not null references public.sessions (id) on delete cascade,
  held_on date not null,
  contributors integer not null,
  median numeric(5, 2) not null,
  unanimous boolean not null,
  primary key (team_id, dilemma_slug, period_kind, period_start)
);
alter table public.network_period_cells enable row level security;
create index network_period_cells_period_idx on public.network_period_cells
  (period_kind, period_start, dilemma_slug) include (team_id, contributors, median, unanimous);
create index network_period_cells_dilemma_idx on public.network_period_cells
  (dilemma_slug, period_kind, period_start) include (team_id, contributors, median, unanimous);
create index network_period_cells_session_id_idx on public.network_period_cells (session_id);

-- Helpers ----------------------------------------------------------------------------------------

create function private.my_coordinated_network_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select network_id from public.network_coordinators where user_id = (select auth.uid())
$$;

-- Networks the caller may look at: as a coordinator, or as a member of one of its teams.
create function private.my_network_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select network_id from public.network_coordinators where user_id = (select auth.uid())
  union
  select nt.network_id from public.network_teams nt
  where nt.team_id in (select private.my_team_ids())
$$;

revoke execute on function private.my_coordinated_network_ids(), private.my_network_ids() from public;
grant execute on function private.my_coordinated_network_ids(), private.my_network_ids() to authenticated;

-- "A", "B", … "Z", "AA", "AB", … "ZZZ": the label number in letters (bijective base 26), as
-- plain SQL so the planner inlines it (the dashboard labels up to 100,000 cells per call); a SET
-- clause would stop that, and it calls nothing but chr(), which pg_catalog always provides.
create function private.team_label(p_no integer) returns text
language sql immutable
as $$
  select 'Team ' || case
    when p_no <= 26 then chr(64 + p_no)
    when p_no <= 702 then chr(64 + (p_no - 1) / 26) || chr(65 + (p_no - 1) % 26)
    when p_no <= 18278 then chr(64 + ((p_no - 1) / 26 - 1) / 26) || chr(65 + ((p_no - 1) / 26 - 1) % 26)
                            || chr(65 + (p_no - 1) % 26)
    else p_no::text end
$$;
revoke execute on function private.team_label(integer) from public;
grant execute on function private.team_label(integer) to authenticated;

-- The team, dilemma and periods (quarter and year) each of the given sessions falls in.
create function private.touched_periods(p_session_ids uuid[])
returns table (team_id uuid, dilemma_slug text, period_kind text, period_start date)
language sql stable security definer
set search_path = ''
as $$
  select distinct s.team_id, r.dilemma_slug, k.kind,
         -- date_trunc on a timestamp (not timestamptz): the period does not depend on a time zone.
         date_trunc(k.kind, s.held_on::timestamp)::date
  from public.sessions s
  join public.session_rounds r on r.session_id = s.id
  cross join (values ('quarter'), ('year')) k (kind)
  where s.id = any (p_session_ids)
$$;
revoke execute on function private.touched_periods(uuid[]) from public;

-- Recomputes the cells of the given sessions (closed ones only) and the period cells of the teams,
-- dilemmas and periods they touch. Set-based: the benchmark refreshes thousands of sessions at once.
create function private.refresh_network_cells(p_session_ids uuid[], p_aggregates boolean default true)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_network uuid;
begin
  delete from public.network_cells where session_id = any (p_session_ids);

  insert into public.network_cells (session_id, dilemma_slug, team_id, held_on, contributors, median, unanimous)
  select s.id, r.dilemma_slug, s.team_id, s.held_on,
         count(*), percentile_cont(0.5) within group (order by last.value), min(last.value) = max(last.value)
  from public.sessions s
  -- A dilemma that came up twice in one session counts once: its later round.
  join lateral (
    select distinct on (r.dilemma_slug) r.id, r.dilemma_slug
    from public.session_rounds r
    where r.session_id = s.id and r.revealed_at is not null
    order by r.dilemma_slug, r.position desc
  ) r on true
  -- Each person once per round: the point after the discussion where they gave one.
  cross join lateral (
    select distinct on (p.user_id) p.value
    from public.positions p
    where p.round_id = r.id
    order by p.user_id, (p.stage = 'after') desc
  ) last
  where s.id = any (p_session_ids) and s.status = 'closed'
  group by s.id, r.dilemma_slug, s.team_id, s.held_on;

  -- The periods these sessions fall in are computed again from scratch: a reopened and re-closed
  -- session, or an older one closed late, lands correctly.
  delete from public.network_period_cells pc
  where (pc.team_id, pc.dilemma_slug, pc.period_kind, pc.period_start) in (
    select * from private.touched_periods(p_session_ids));

  insert into public.network_period_cells
    (team_id, dilemma_slug, period_kind, period_start, session_id, held_on, contributors, median, unanimous)
  select distinct on (t.team_id, t.dilemma_slug, t.period_kind, t.period_start)
         t.team_id, t.dilemma_slug, t.period_kind, t.period_start,
         c.session_id, c.held_on, c.contributors, c.median, c.unanimous
  from private.touched_periods(p_session_ids) t
  join public.network_cells c
    on c.team_id = t.team_id and c.dilemma_slug = t.dilemma_slug
   and date_trunc(t.period_kind, c.held_on::timestamp)::date = t.period_start
  order by t.team_id, t.dilemma_slug, t.period_kind, t.period_start, c.held_on desc, c.session_id desc;

  -- Then the network aggregates of those periods, in every network the teams belong to. (The
  -- benchmark loads thousands of sessions with p_aggregates off and refreshes once at the end.)
  if p_aggregates then
    for v_network in
      select distinct nt.network_id from public.network_teams nt
      join public.sessions s on s.team_id = nt.team_id
      where s.id = any (p_session_ids)
    loop
      perform private.refresh_network_aggregates(v_network, k.kinds, k.starts, k.slugs)
      from (select array_agg(t.period_kind) as kinds, array_agg(t.period_start) as starts,
                   array_agg(t.dilemma_slug) as slugs
            from private.touched_periods(p_session_ids) t) k;
    end loop;
  end if;
end
$$;
revoke execute on function private.refresh_network_cells(uuid[], boolean) from public;

-- A session's cells are written when it closes (and again when a reopened session closes).
create function private.refresh_cells_on_close() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_network_cells(array[new.id]);
  return null;
end
$$;
revoke execute on function private.refresh_cells_on_close() from public;

create trigger refresh_network_cells_on_close
  after update of status on public.sessions
  for each row when (new.status = 'closed' and old.status is distinct from 'closed')
  execute function private.refresh_cells_on_close();

-- THE rules, in one place: every cell of a network's sharing teams, and whether it may leave its
-- team (at least k distinct people, not unanimous). Plain SQL without a SET clause so the planner
-- inlines it into its callers, the security definer functions below, and filters it through the
-- indexes. Not executable by the API roles.
create function private.network_cell_rules(p_network_id uuid)
returns table (team_id uuid, label_no integer, show_name boolean, interpretation_md text,
               dilemma_slug text, period_kind text, period_start date, contributors integer,
               median numeric, visible boolean)
language sql stable
as $$
  select nt.team_id, nt.label_no, nt.show_name, nt.interpretation_md,
         pc.dilemma_slug, pc.period_kind, pc.period_start, pc.contributors, pc.median,
         pc.contributors >= n.min_contributors and not pc.unanimous
  from public.networks n
  join public.network_teams nt on nt.network_id = n.id and nt.sharing
  join public.network_period_cells pc on pc.team_id = nt.team_id
  where n.id = p_network_id
$$;
revoke execute on function private.network_cell_rules(uuid) from public;

-- The network's aggregates per period, dilemma and team-size class (by the number of people
-- behind a team's cell: small < 10, medium 10–19, large 20+; 'all' for every team): the
-- distribution of team medians. Rewritten in the transaction that changes what they are made of
-- (a session closing, a team sharing or withdrawing, k changing), so they are never stale.
create table public.network_aggregates (
  network_id uuid not null references public.networks (id) on delete cascade,
  period_kind text not null check (period_kind in ('quarter', 'year')),
  period_start date not null,
  dilemma_slug text not null,
  team_size text not null check (team_size in ('all', 'small', 'medium', 'large')),
  teams integer not null,
  suppressed integer not null,
  median numeric,
  q1 numeric,
  q3 numeric,
  min numeric,
  max numeric,
  -- Team medians counted in ten bins of ten points (100 falls in the last).
  bins integer[] not null,
  primary key (network_id, period_kind, period_start, dilemma_slug, team_size)
);
alter table public.network_aggregates enable row level security;

-- Rewrites the aggregates of the given (period kind, period start, dilemma) keys, or all of them.
create function private.refresh_network_aggregates(p_network_id uuid, p_kinds text[] default null,
                                                   p_starts date[] default null, p_slugs text[] default null)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  -- One writer per network: two sessions closing at once must not each write an aggregate that
  -- misses the other's cells (read committed: the statements after the lock see both).
  perform pg_advisory_xact_lock(hashtext('network_aggregates:' || p_network_id::text));
  -- No keys: every key any sharing team of the network has a cell for.
  if p_kinds is null then
    select array_agg(k.period_kind), array_agg(k.period_start), array_agg(k.dilemma_slug)
    into p_kinds, p_starts, p_slugs
    from (select distinct pc.period_kind, pc.period_start, pc.dilemma_slug
          from public.network_teams nt join public.network_period_cells pc on pc.team_id = nt.team_id
          where nt.network_id = p_network_id and nt.sharing) k;
    delete from public.network_aggregates a where a.network_id = p_network_id;
  else
    delete from public.network_aggregates a
    where a.network_id = p_network_id
      and (a.period_kind, a.period_start, a.dilemma_slug) in (select * from unnest(p_kinds, p_starts, p_slugs));
  end if;
  insert into public.network_aggregates
    (network_id, period_kind, period_start, dilemma_slug, team_size, teams, suppressed,
     median, q1, q3, min, max, bins)
  select p_network_id, r.period_kind, r.period_start, r.dilemma_slug, size.class,
         count(*) filter (where r.visible), count(*) filter (where not r.visible),
         round((percentile_cont(0.5) within group (order by r.median) filter (where r.visible))::numeric, 1),
         round((percentile_cont(0.25) within group (order by r.median) filter (where r.visible))::numeric, 1),
         round((percentile_cont(0.75) within group (order by r.median) filter (where r.visible))::numeric, 1),
         min(r.median) filter (where r.visible), max(r.median) filter (where r.visible),
         array[count(*) filter (where r.visible and r.median < 10),
               count(*) filter (where r.visible and r.median >= 10 and r.median < 20),
               count(*) filter (where r.visible and r.median >= 20 and r.median < 30),
               count(*) filter (where r.visible and r.median >= 30 and r.median < 40),
               count(*) filter (where r.visible and r.median >= 40 and r.median < 50),
               count(*) filter (where r.visible and r.median >= 50 and r.median < 60),
               count(*) filter (where r.visible and r.median >= 60 and r.median < 70),
               count(*) filter (where r.visible and r.median >= 70 and r.median < 80),
               count(*) filter (where r.visible and r.median >= 80 and r.median < 90),
               count(*) filter (where r.visible and r.median >= 90)]::integer[]
  -- Key by key through the (dilemma, period) index: a closing session touches forty keys, not
  -- the whole network.
  from (select distinct * from unnest(p_kinds, p_starts, p_slugs)) k (kind, start, slug)
  cross join lateral (
    select * from private.network_cell_rules(p_network_id) r0
    where r0.dilemma_slug = k.slug and r0.period_kind = k.kind and r0.period_start = k.start
  ) r
  cross join lateral (values ('all'), (case when r.contributors < 10 then 'small'
                                            when r.contributors < 20 then 'medium' else 'large' end)) size (class)
  group by r.period_kind, r.period_start, r.dilemma_slug, size.class;
end
$$;
revoke execute on function private.refresh_network_aggregates(uuid, text[], date[], text[]) from public;

-- A team that starts or stops sharing changes the aggregates of every period it has cells in; a
-- team that leaves (or is deleted) and a changed k change them everywhere.
create function private.refresh_aggregates_on_team_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if old.sharing and exists (select 1 from public.networks where id = old.network_id) then
      perform private.refresh_network_aggregates(old.network_id);
    end if;
  elsif tg_op = 'INSERT' and not new.sharing then
    null;
  elsif tg_op = 'INSERT' or old.sharing is distinct from new.sharing then
    perform private.refresh_network_aggregates(new.network_id, k.kinds, k.starts, k.slugs)
    from (select array_agg(pc.period_kind) as kinds, array_agg(pc.period_start) as starts,
                 array_agg(pc.dilemma_slug) as slugs
          from public.network_period_cells pc where pc.team_id = new.team_id) k
    where k.kinds is not null;
  end if;
  return null;
end
$$;
revoke execute on function private.refresh_aggregates_on_team_change() from public;
create trigger refresh_network_aggregates_on_team_change
  after insert or delete or update of sharing on public.network_teams
  for each row execute function private.refresh_aggregates_on_team_change();

create function private.refresh_aggregates_on_threshold() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_network_aggregates(new.id);
  return null;
end
$$;
revoke execute on function private.refresh_aggregates_on_threshold() from public;
create trigger refresh_network_aggregates_on_threshold
  after update of min_contributors on public.networks
  for each row when (old.min_contributors is distinct from new.min_contributors)
  execute function private.refresh_aggregates_on_threshold();

-- Team by team, for the network's people: the cells that may be shown, with the team as the
-- network sees it (name only when the team chose it). A null period means every period of the
-- kind.
create function private.network_visible_cells(p_network_id uuid, p_period_kind text, p_period_start date,
                                              p_dilemma_slug text default null)
returns table (team_id uuid, team_label text, team_name text, interpretation_md text, dilemma_slug text,
               period_start date, contributors integer, median numeric, is_mine boolean)
language sql stable security definer
set search_path = ''
as $$
  select r.team_id, private.team_label(r.label_no),
         case when r.show_name then t.name end,
         -- The team's reading travels only with its name: beside an anonymous label it could
         -- give the team away.
         case when r.show_name then nullif(r.interpretation_md, '') end,
         r.dilemma_slug, r.period_start, r.contributors, r.median,
         r.team_id in (select private.my_team_ids())
  from private.network_cell_rules(p_network_id) r
  join public.teams t on t.id = r.team_id
  where r.visible
    and r.period_kind = p_period_kind
    and (p_period_start is null or r.period_start = p_period_start)
    and (p_dilemma_slug is null or r.dilemma_slug = p_dilemma_slug)
    and p_network_id in (select private.my_network_ids())
$$;

-- The same, for the caller's own teams only (to mark them): driven from their few teams, so it
-- costs the same in a network of ten teams or ten thousand.
create function private.my_network_cells(p_network_id uuid, p_period_kind text, p_period_start date,
                                         p_dilemma_slug text default null)
returns table (team_label text, dilemma_slug text, period_start date, contributors integer, median numeric)
language sql stable security definer
set search_path = ''
as $$
  select private.team_label(r.label_no), r.dilemma_slug, r.period_start, r.contributors, r.median
  from private.network_cell_rules(p_network_id) r
  -- An array, not `in (select …)`: the planner then looks the teams up by index.
  where r.team_id = any (array(select private.my_team_ids()))
    and r.visible
    and r.period_kind = p_period_kind
    and (p_period_start is null or r.period_start = p_period_start)
    and (p_dilemma_slug is null or r.dilemma_slug = p_dilemma_slug)
    and p_network_id in (select private.my_network_ids())
$$;

-- The team's own cells for its members, unanimous ones included ("everyone agrees" stays inside).
create function private.team_period_cells(p_team_id uuid, p_period_kind text, p_period_start date)
returns table (dilemma_slug text, contributors integer, median numeric, unanimous boolean, session_id uuid,
               held_on date)
language sql stable security definer
set search_path = ''
as $$
  select pc.dilemma_slug, pc.contributors, pc.median, pc.unanimous, pc.session_id, pc.held_on
  from public.network_period_cells pc
  where pc.team_id = p_team_id and pc.period_kind = p_period_kind and pc.period_start = p_period_start
    and p_team_id in (select private.my_team_ids())
$$;

revoke execute on function private.network_visible_cells(uuid, text, date, text),
  private.my_network_cells(uuid, text, date, text), private.team_period_cells(uuid, text, date) from public;
grant execute on function private.network_visible_cells(uuid, text, date, text),
  private.my_network_cells(uuid, text, date, text), private.team_period_cells(uuid, text, date) to authenticated;

-- Policies ---------------------------------------------------------------------------------------

create policy "people see the networks they take part in" on public.networks
  for select to authenticated
  using (id in (select private.my_network_ids()) or private.is_member_account());

create policy "coordinators see their network's coordinators" on public.network_coordinators
  for select to authenticated
  using (network_id in (select private.my_coordinated_network_ids()) or user_id = (select auth.uid()));

-- A team's own settings, for its members; coordinators see which teams are in their network
-- (the team's name only through the gate above, when the team chose to show it).
create policy "team members see their team's network settings" on public.network_teams
  for select to authenticated
  using (team_id in (select private.my_team_ids()));

create policy "teams see their own cells" on public.network_cells
  for select to authenticated using (team_id in (select private.my_team_ids()));
create policy "teams see their own period cells" on public.network_period_cells
  for select to authenticated using (team_id in (select private.my_team_ids()));

-- Aggregates are what the network's people may see: the k and unanimity rules made them.
create policy "the network's people read its aggregates" on public.network_aggregates
  for select to authenticated using (network_id in (select private.my_network_ids()));

-- Only reads are granted, and nothing else: on Supabase, new tables start with every privilege
-- for anon and authenticated, TRUNCATE (which RLS does not stop) included.
revoke all on public.networks, public.network_coordinators, public.network_teams,
  public.network_cells, public.network_period_cells, public.network_aggregates from anon, authenticated;
grant select on public.networks, public.network_coordinators, public.network_teams,
  public.network_cells, public.network_period_cells, public.network_aggregates to authenticated;

-- The data API -----------------------------------------------------------------------------------

create function private.require_network_access(p_network_id uuid) returns public.networks
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_network public.networks;
begin
  select * into v_network from public.networks
  where id = p_network_id and id in (select private.my_network_ids());
  if v_network.id is null then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  return v_network;
end
$$;
revoke execute on function private.require_network_access(uuid) from public;
grant execute on function private.require_network_access(uuid) to authenticated;

create function private.check_period(p_period_kind text, p_period_start date) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_period_kind is null or p_period_kind not in ('quarter', 'year') or p_period_start is null
     or p_period_start <> date_trunc(p_period_kind, p_period_start::timestamp)::date then
    raise exception 'invalid_period' using errcode = '22023';
  end if;
end
$$;
revoke execute on function private.check_period(text, date) from public;
grant execute on function private.check_period(text, date) to authenticated;

-- Everyone signed in with an account: the networks there are, and how they relate to them.
create function public.my_networks() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', n.id, 'name', n.name,
      'is_coordinator', n.id in (select private.my_coordinated_network_ids()),
      'can_view', n.id in (select private.my_network_ids()))
    order by n.name), '[]'::jsonb)
  from public.networks n
$$;

-- The aggregates as JSON (one function, so every view writes them the same way).
create function private.aggregate_json(a public.network_aggregates) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object('slug', a.dilemma_slug, 'period_start', a.period_start, 'teams', a.teams,
                            'suppressed', a.suppressed, 'median', a.median, 'q1', a.q1, 'q3', a.q3,
                            'min', a.min, 'max', a.max, 'bins', to_jsonb(a.bins))
$$;
revoke execute on function private.aggregate_json(public.network_aggregates) from public;
grant execute on function private.aggregate_json(public.network_aggregates) to authenticated;

-- Viewers of a network: its description, threshold, the periods with data and their own teams.
create function public.network_overview(p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks := private.require_network_access(p_network_id);
begin
  return jsonb_build_object(
    'id', v_network.id, 'name', v_network.name, 'description_md', v_network.description_md,
    'min_contributors', v_network.min_contributors,
    'is_coordinator', v_network.id in (select private.my_coordinated_network_ids()),
    'quarters', (select coalesce(jsonb_agg(distinct a.period_start order by a.period_start desc), '[]'::jsonb)
                 from public.network_aggregates a
                 where a.network_id = p_network_id and a.period_kind = 'quarter' and a.team_size = 'all'),
    'years', (select coalesce(jsonb_agg(distinct a.period_start order by a.period_start desc), '[]'::jsonb)
              from public.network_aggregates a
              where a.network_id = p_network_id and a.period_kind = 'year' and a.team_size = 'all'),
    'my_teams', (select coalesce(jsonb_agg(jsonb_build_object(
                     'team_id', t.id, 'name', t.name, 'sharing', nt.sharing,
                     'show_name', nt.show_name, 'label', private.team_label(nt.label_no))
                   order by t.name), '[]'::jsonb)
                 from public.network_teams nt join public.teams t on t.id = nt.team_id
                 where nt.network_id = p_network_id and nt.team_id in (select private.my_team_ids())));
end
$$;

-- Viewers: per dilemma, the distribution of team medians in one period (optionally only teams of
-- one size class), with the viewer's own team marked when it is among them.
create function public.network_dashboard(p_network_id uuid, p_period_kind text, p_period_start date,
                                         p_team_size text default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks := private.require_network_access(p_network_id);
begin
  perform private.check_period(p_period_kind, p_period_start);
  if p_team_size is not null and p_team_size not in ('small', 'medium', 'large') then
    raise exception 'invalid_team_size' using errcode = '22023';
  end if;
  return jsonb_build_object(
    'network_id', v_network.id, 'period_kind', p_period_kind, 'period_start', p_period_start,
    'team_size', p_team_size, 'min_contributors', v_network.min_contributors,
    'dilemmas', coalesce((
      select jsonb_agg(private.aggregate_json(a) || jsonb_build_object('mine', coalesce(m.mine, '[]'::jsonb))
        order by a.dilemma_slug)
      from public.network_aggregates a
      left join (
        select c.dilemma_slug, jsonb_agg(jsonb_build_object('team_label', c.team_label, 'median', c.median)) as mine
        from private.my_network_cells(p_network_id, p_period_kind, p_period_start) c
        where p_team_size is null
           or (p_team_size = 'small' and c.contributors < 10)
           or (p_team_size = 'medium' and c.contributors between 10 and 19)
           or (p_team_size = 'large' and c.contributors >= 20)
        group by c.dilemma_slug
      ) m on m.dilemma_slug = a.dilemma_slug
      where a.network_id = p_network_id and a.period_kind = p_period_kind
        and a.period_start = p_period_start and a.team_size = coalesce(p_team_size, 'all')), '[]'::jsonb));
end
$$;

-- Viewers: one dilemma in one period team by team (label or name, median, and the named teams'
-- own reading), plus the network's movement over all periods of that kind.
create function public.network_dilemma(p_network_id uuid, p_dilemma_slug text, p_period_kind text,
                                       p_period_start date)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks := private.require_network_access(p_network_id);
begin
  perform private.check_period(p_period_kind, p_period_start);
  return jsonb_build_object(
    'network_id', v_network.id, 'slug', p_dilemma_slug, 'period_kind', p_period_kind,
    'period_start', p_period_start, 'min_contributors', v_network.min_contributors,
    'teams', coalesce((
      select jsonb_agg(jsonb_build_object(
          'label', c.team_label, 'name', c.team_name, 'median', c.median, 'is_mine', c.is_mine,
          'interpretation_md', c.interpretation_md)
        order by c.median, c.team_label)
      from private.network_visible_cells(p_network_id, p_period_kind, p_period_start, p_dilemma_slug) c), '[]'::jsonb),
    'suppressed', coalesce((
      select a.suppressed from public.network_aggregates a
      where a.network_id = p_network_id and a.period_kind = p_period_kind and a.period_start = p_period_start
        and a.dilemma_slug = p_dilemma_slug and a.team_size = 'all'), 0),
    'series', coalesce((
      select jsonb_agg(jsonb_build_object(
          'period_start', a.period_start, 'teams', a.teams, 'median', a.median, 'q1', a.q1, 'q3', a.q3,
          'mine', m.mine)
        order by a.period_start)
      from public.network_aggregates a
      left join (
        select c.period_start, round(avg(c.median), 1) as mine
        from private.my_network_cells(p_network_id, p_period_kind, null, p_dilemma_slug) c
        group by c.period_start
      ) m on m.period_start = a.period_start
      where a.network_id = p_network_id and a.period_kind = p_period_kind
        and a.dilemma_slug = p_dilemma_slug and a.team_size = 'all' and a.teams > 0), '[]'::jsonb));
end
$$;

-- Members of a team: "our team against the network" — the team's cells of the year its latest
-- closed session falls in (unanimous ones included: this stays inside the team), beside the
-- network's distribution for that year (the team itself counted in it when it shares).
create function public.team_vs_network(p_team_id uuid, p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks := private.require_network_access(p_network_id);
  v_latest date;
  v_period date;
begin
  perform private.require_team_role(p_team_id, 'member');
  select max(held_on) into v_latest from public.network_cells where team_id = p_team_id;
  if v_latest is null then
    return jsonb_build_object('network_id', v_network.id, 'period_start', null, 'dilemmas', '[]'::jsonb);
  end if;
  v_period := date_trunc('year', v_latest::timestamp)::date;
  return jsonb_build_object(
    'network_id', v_network.id, 'period_kind', 'year', 'period_start', v_period,
    'min_contributors', v_network.min_contributors,
    'dilemmas', coalesce((
      select jsonb_agg(jsonb_build_object(
          'slug', own.dilemma_slug, 'held_on', own.held_on, 'contributors', own.contributors,
          'median', own.median, 'unanimous', own.unanimous,
          'network', jsonb_build_object('teams', coalesce(a.teams, 0), 'median', a.median, 'q1', a.q1, 'q3', a.q3))
        order by own.dilemma_slug)
      from private.team_period_cells(p_team_id, 'year', v_period) own
      left join public.network_aggregates a
        on a.network_id = p_network_id and a.period_kind = 'year' and a.period_start = v_period
       and a.dilemma_slug = own.dilemma_slug and a.team_size = 'all'), '[]'::jsonb));
end
$$;

-- Viewers: the comparison for researchers, aggregates only. level 'network': one row per period
-- and dilemma; level 'team': one row per team cell (a median of at least k people), with the
-- team's label, or its name where the team chose to show it.
create function public.network_export(p_network_id uuid, p_period_kind text, p_level text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks := private.require_network_access(p_network_id);
begin
  if p_period_kind is null or p_period_kind not in ('quarter', 'year') then
    raise exception 'invalid_period' using errcode = '22023';
  end if;
  if p_level is null or p_level not in ('network', 'team') then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if p_level = 'network' then
    return coalesce((
      select jsonb_agg(private.aggregate_json(a) - 'bins' order by a.period_start, a.dilemma_slug)
      from public.network_aggregates a
      where a.network_id = v_network.id and a.period_kind = p_period_kind and a.team_size = 'all'), '[]'::jsonb);
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'period_start', c.period_start, 'slug', c.dilemma_slug, 'team', coalesce(c.team_name, c.team_label),
        'named', c.team_name is not null, 'median', c.median)
      order by c.period_start, c.dilemma_slug, c.team_label)
    from private.network_visible_cells(p_network_id, p_period_kind, null) c), '[]'::jsonb);
end
$$;

-- Members of a team: the team's place in each network (joined or not, sharing, name, reading).
create function public.team_network_settings(p_team_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'network_id', n.id, 'name', n.name, 'min_contributors', n.min_contributors,
        'joined', nt.team_id is not null, 'sharing', coalesce(nt.sharing, false),
        'show_name', coalesce(nt.show_name, false),
        'label', case when nt.team_id is not null then private.team_label(nt.label_no) end,
        'interpretation_md', coalesce(nt.interpretation_md, ''))
      order by n.name)
    from public.networks n
    left join public.network_teams nt on nt.network_id = n.id and nt.team_id = p_team_id), '[]'::jsonb);
end
$$;

create function private.next_label_no(p_network_id uuid) returns integer
language sql volatile security definer
set search_path = ''
as $$
  select coalesce(max(label_no), 0) + 1 from public.network_teams where network_id = p_network_id
$$;
revoke execute on function private.next_label_no(uuid) from public;
grant execute on function private.next_label_no(uuid) to authenticated;

-- Facilitators: join a network, choose to share and how the team appears, write the reading.
-- Joining alone shares nothing: sharing is its own, explicit choice.
create function private.save_team_network_settings(p_team_id uuid, p_network_id uuid, p_sharing boolean,
                                                   p_show_name boolean, p_interpretation_md text)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Checked here too: this helper writes past RLS, and opting a team in is its facilitator's choice.
  if p_team_id not in (select private.my_facilitated_team_ids()) then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
  -- Serialise joins per network, so two teams never draw the same label number.
  perform pg_advisory_xact_lock(hashtext('network_label:' || p_network_id::text));
  insert into public.network_teams (network_id, team_id, sharing, show_name, label_no, interpretation_md,
                                    sharing_changed_at)
  values (p_network_id, p_team_id, p_sharing, p_show_name, private.next_label_no(p_network_id),
          p_interpretation_md, case when p_sharing then now() end)
  on conflict (network_id, team_id) do update
  set sharing = excluded.sharing, show_name = excluded.show_name,
      interpretation_md = excluded.interpretation_md,
      sharing_changed_at = case when public.network_teams.sharing is distinct from excluded.sharing
                                then now() else public.network_teams.sharing_changed_at end;
end
$$;
revoke execute on function private.save_team_network_settings(uuid, uuid, boolean, boolean, text) from public;
grant execute on function private.save_team_network_settings(uuid, uuid, boolean, boolean, text) to authenticated;

create function public.save_team_network(p_team_id uuid, p_network_id uuid, p_sharing boolean,
                                         p_show_name boolean, p_interpretation_md text)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if not exists (select 1 from public.networks where id = p_network_id) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  if p_sharing is null or p_show_name is null or p_interpretation_md is null then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if char_length(p_interpretation_md) > 2000 then
    raise exception 'interpretation_too_long' using errcode = '22023';
  end if;
  perform private.save_team_network_settings(p_team_id, p_network_id, p_sharing, p_show_name,
                                             btrim(p_interpretation_md));
  return public.team_network_settings(p_team_id);
end
$$;

-- Facilitators take their team out of a network; coordinators may remove a team from theirs.
create function private.remove_network_team(p_network_id uuid, p_team_id uuid) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  if not (p_team_id in (select private.my_facilitated_team_ids())
          or p_network_id in (select private.my_coordinated_network_ids())) then
    return false;
  end if;
  delete from public.network_teams where network_id = p_network_id and team_id = p_team_id;
  get diagnostics v_count = row_count;
  return v_count > 0;
end
$$;
revoke execute on function private.remove_network_team(uuid, uuid) from public;
grant execute on function private.remove_network_team(uuid, uuid) to authenticated;

create function public.leave_network(p_team_id uuid, p_network_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not private.remove_network_team(p_network_id, p_team_id) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
end
$$;

-- Coordinators: the threshold k (never below 3: the table refuses it as bad input).
create function private.set_min_contributors(p_network_id uuid, p_min integer) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  update public.networks set min_contributors = p_min
  where id = p_network_id and id in (select private.my_coordinated_network_ids());
  get diagnostics v_count = row_count;
  return v_count > 0;
end
$$;
revoke execute on function private.set_min_contributors(uuid, integer) from public;
grant execute on function private.set_min_contributors(uuid, integer) to authenticated;

create function public.set_network_threshold(p_network_id uuid, p_min_contributors integer) returns void
language plpgsql
set search_path = ''
as $$
begin
  if p_min_contributors is null or p_min_contributors < 3 or p_min_contributors > 100 then
    raise exception 'invalid_threshold' using errcode = '22023';
  end if;
  if not private.set_min_contributors(p_network_id, p_min_contributors) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
end
$$;

revoke execute on function public.my_networks(), public.network_overview(uuid),
  public.network_dashboard(uuid, text, date, text), public.network_dilemma(uuid, text, text, date),
  public.team_vs_network(uuid, uuid), public.network_export(uuid, text, text),
  public.team_network_settings(uuid), public.save_team_network(uuid, uuid, boolean, boolean, text),
  public.leave_network(uuid, uuid), public.set_network_threshold(uuid, integer) from public, anon;
grant execute on function public.my_networks(), public.network_overview(uuid),
  public.network_dashboard(uuid, text, date, text), public.network_dilemma(uuid, text, text, date),
  public.team_vs_network(uuid, uuid), public.network_export(uuid, text, text),
  public.team_network_settings(uuid), public.save_team_network(uuid, uuid, boolean, boolean, text),
  public.leave_network(uuid, uuid), public.set_network_threshold(uuid, integer) to authenticated;
