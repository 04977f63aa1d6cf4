-- Issue 15, the network at national scale (5,000 teams, 10 million positions): closing a session
-- rewrote the aggregates of its forty (period, dilemma) keys over every sharing team (1.5 s), a
-- team changing its sharing rewrote every key it has cells for (4.2 s), and one dilemma listed team
-- by team returned all 5,000 teams' rows, each built twice (the readings gate called the cells gate
-- again), though the page lists only the named ones beyond sixty: 437 ms (p95).
--
-- Now:
-- * What must hold at once stays in the transaction, and is cheap: a closing session's own cells
--   and period cells; a team's sharing flag (every list of teams reads it on every call, as
--   before). The (network, period, dilemma) keys whose aggregates are now out of date are queued
--   in private.network_dirty_keys, in the same transaction.
-- * A queued key's stored aggregate is never read: private.network_aggregates_now gives the stored
--   rows of clean keys and computes the queued keys from the cells on the spot (from the same
--   rules, private.compute_network_aggregates), and the table's policy hides the rows of queued
--   keys. So a withdrawn team's figures are gone from every view the moment its change commits,
--   and a closed session's figures are in the next page load, whether or not the queue has run.
-- * public.process_network_queue (service role only) rewrites the queued keys' stored rows and
--   takes them off the queue; the server calls it after answering a call that queues keys (any
--   backend, any number of servers: one writer per network at a time, by advisory lock).
-- * network_dilemma returns what the page shows: every team up to sixty, beyond that the named
--   ones and the caller's own, with the count and the ten bins from the (period, dilemma)
--   aggregate; one pass over the cells.

-- The queue ---------------------------------------------------------------------------------------

-- One row per key and change (duplicates are fine: the drain takes a key's rows together). Only
-- security definer functions touch it: no grants to the API roles; RLS on, with no policy.
create table private.network_dirty_keys (
  id bigint generated always as identity primary key,
  network_id uuid not null references app.networks (id) on delete cascade,
  period_kind text not null check (period_kind in ('quarter', 'year')),
  period_start date not null,
  dilemma_slug text not null,
  queued_at timestamptz not null default now()
);
alter table private.network_dirty_keys enable row level security;
revoke all on private.network_dirty_keys from public, anon, authenticated, service_role;
create index network_dirty_keys_key_idx on private.network_dirty_keys
  (network_id, period_kind, period_start, dilemma_slug);

-- Queues the given keys of one network (null arrays: nothing).
create function private.queue_network_keys(p_network_id uuid, p_kinds text[], p_starts date[], p_slugs text[])
returns void
language sql security definer
set search_path = ''
as $$
  insert into private.network_dirty_keys (network_id, period_kind, period_start, dilemma_slug)
  select distinct p_network_id, k.kind, k.start, k.slug
  from unnest(p_kinds, p_starts, p_slugs) k (kind, start, slug)
  where p_network_id is not null and k.kind is not null
$$;
revoke execute on function private.queue_network_keys(uuid, text[], date[], text[]) from public;

-- Is this key queued? For the aggregates' policy (the API roles cannot read the queue itself).
create function private.network_key_queued(p_network_id uuid, p_period_kind text, p_period_start date,
                                           p_dilemma_slug text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from private.network_dirty_keys d
                 where d.network_id = p_network_id and d.period_kind = p_period_kind
                   and d.period_start = p_period_start and d.dilemma_slug = p_dilemma_slug)
$$;
revoke execute on function private.network_key_queued(uuid, text, date, text) from public;
grant execute on function private.network_key_queued(uuid, text, date, text) to authenticated;

-- The aggregates, computed ------------------------------------------------------------------------

-- The aggregate rows of the given keys, computed from the cells under THE rules
-- (private.network_cell_rules): what refresh_network_aggregates stores and what a reader gets for a
-- queued key. Null arrays: no keys. Not executable by the API roles.
create function private.compute_network_aggregates(p_network_id uuid, p_kinds text[], p_starts date[],
                                                   p_slugs text[])
returns setof app.network_aggregates
language sql stable security definer
set search_path = ''
-- Twenty keys of 5,000 teams are sorted in memory, not on disk.
set work_mem = '32MB'
as $$
  select g.network_id, g.period_kind, g.period_start, g.dilemma_slug, g.class, g.teams,
         (sum(g.held_back) over (partition by g.period_kind, g.period_start, g.dilemma_slug))::integer,
         g.median, g.q1, g.q3, g.min, g.max, g.bins
  from (
    select p_network_id as network_id, r.period_kind, r.period_start, r.dilemma_slug,
           coalesce(r.class, 'all') as class,
           (count(*) filter (where r.visible))::integer as teams,
           case when r.class is null then count(*) filter (where not r.visible) else 0 end as held_back,
           round((percentile_cont(0.5) within group (order by r.median) filter (where r.visible))::numeric, 1) as median,
           round((percentile_cont(0.25) within group (order by r.median) filter (where r.visible))::numeric, 1) as q1,
           round((percentile_cont(0.75) within group (order by r.median) filter (where r.visible))::numeric, 1) as q3,
           min(r.median) filter (where r.visible) as min, max(r.median) filter (where r.visible) as max,
           array[count(*) filter (where r.visible and r.median < 10),
                 count(*) filter (where r.visible and r.median >= 10 and r.median < 20),
                 count(*) filter (where r.visible and r.median >= 20 and r.median < 30),
                 count(*) filter (where r.visible and r.median >= 30 and r.median < 40),
                 count(*) filter (where r.visible and r.median >= 40 and r.median < 50),
                 count(*) filter (where r.visible and r.median >= 50 and r.median < 60),
                 count(*) filter (where r.visible and r.median >= 60 and r.median < 70),
                 count(*) filter (where r.visible and r.median >= 70 and r.median < 80),
                 count(*) filter (where r.visible and r.median >= 80 and r.median < 90),
                 count(*) filter (where r.visible and r.median >= 90)]::integer[] as bins
    from (
      select r0.period_kind, r0.period_start, r0.dilemma_slug, r0.median, r0.visible,
             case when not r0.visible then 'none'
                  when r0.contributors < 10 then 'small'
                  when r0.contributors < 20 then 'medium' else 'large' end as class
      from (select distinct * from unnest(p_kinds, p_starts, p_slugs)) k (kind, start, slug)
      join private.network_cell_rules(p_network_id) r0
        on r0.dilemma_slug = k.slug and r0.period_kind = k.kind and r0.period_start = k.start
    ) r
    -- One pass over the keys' cells: 'all' (every cell; its held-back count is the key's) and each
    -- size class (shown cells only; a held-back cell is in class 'none', dropped below).
    group by grouping sets ((r.period_kind, r.period_start, r.dilemma_slug),
                            (r.period_kind, r.period_start, r.dilemma_slug, r.class))
  ) g
  where g.class <> 'none'
$$;
revoke execute on function private.compute_network_aggregates(uuid, text[], date[], text[]) from public;

-- Rewrites the stored aggregates of the given keys, or of all keys (as before; now from the one
-- computation above).
create or replace function private.refresh_network_aggregates(p_network_id uuid, p_kinds text[] default null,
                                                              p_starts date[] default null, p_slugs text[] default null)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtext('network_aggregates:' || p_network_id::text));
  if p_kinds is null then
    select array_agg(k.period_kind), array_agg(k.period_start), array_agg(k.dilemma_slug)
    into p_kinds, p_starts, p_slugs
    from (select distinct pc.period_kind, pc.period_start, pc.dilemma_slug
          from app.network_teams nt join app.network_period_cells pc on pc.team_id = nt.team_id
          where nt.network_id = p_network_id and nt.sharing and nt.status = 'approved') k;
    delete from app.network_aggregates a where a.network_id = p_network_id;
  else
    delete from app.network_aggregates a
    where a.network_id = p_network_id
      and (a.period_kind, a.period_start, a.dilemma_slug) in (select * from unnest(p_kinds, p_starts, p_slugs));
  end if;
  insert into app.network_aggregates
  select * from private.compute_network_aggregates(p_network_id, p_kinds, p_starts, p_slugs);
end
$$;

-- THE way every view reads aggregates: the stored rows of keys that are not queued, and the queued
-- keys computed now. Null period start or dilemma: every one of the kind; null size: every class.
-- Only for the network's figure people (coordinators, approved teams that share).
create function private.network_aggregates_now(p_network_id uuid, p_period_kind text, p_period_start date,
                                               p_dilemma_slug text, p_team_size text)
returns setof app.network_aggregates
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_queued record;
begin
  -- PL/pgSQL, not SQL: its statements are prepared once per connection (a SQL function that
  -- cannot be inlined is planned again on every call, and this one is on every network page).
  if p_network_id is null or p_network_id not in (select private.my_figure_network_ids()) then
    return;
  end if;
  select array_agg(d.period_kind) as kinds, array_agg(d.period_start) as starts, array_agg(d.dilemma_slug) as slugs
  into v_queued
  from (select distinct q.period_kind, q.period_start, q.dilemma_slug
        from private.network_dirty_keys q
        where q.network_id = p_network_id and q.period_kind = p_period_kind
          and (p_period_start is null or q.period_start = p_period_start)
          and (p_dilemma_slug is null or q.dilemma_slug = p_dilemma_slug)) d;
  return query
    select a.* from app.network_aggregates a
    where a.network_id = p_network_id and a.period_kind = p_period_kind
      and (p_period_start is null or a.period_start = p_period_start)
      and (p_dilemma_slug is null or a.dilemma_slug = p_dilemma_slug)
      and (p_team_size is null or a.team_size = p_team_size)
      and (v_queued.kinds is null
           or (a.period_start, a.dilemma_slug) not in (select * from unnest(v_queued.starts, v_queued.slugs)));
  if v_queued.kinds is not null then
    return query
      select c.* from private.compute_network_aggregates(p_network_id, v_queued.kinds, v_queued.starts, v_queued.slugs) c
      where p_team_size is null or c.team_size = p_team_size;
  end if;
end
$$;
revoke execute on function private.network_aggregates_now(uuid, text, date, text, text) from public;
grant execute on function private.network_aggregates_now(uuid, text, date, text, text) to authenticated;

-- The periods of one kind that have figures, for the overview's period picker: those of clean
-- stored keys, and of queued keys that still have a counted cell (a probe, not a computation).
create function private.network_periods_now(p_network_id uuid, p_period_kind text)
returns setof date
language sql stable security definer
set search_path = ''
as $$
  with queued as (
    select distinct d.period_start, d.dilemma_slug
    from private.network_dirty_keys d
    where d.network_id = p_network_id and d.period_kind = p_period_kind
  )
  select a.period_start from app.network_aggregates a
  where a.network_id = p_network_id and a.period_kind = p_period_kind and a.team_size = 'all'
    and not exists (select 1 from queued q where q.period_start = a.period_start and q.dilemma_slug = a.dilemma_slug)
    and p_network_id in (select private.my_figure_network_ids())
  union
  select q.period_start from queued q
  where exists (select 1 from private.network_cell_rules(p_network_id) r
                where r.period_kind = p_period_kind and r.period_start = q.period_start
                  and r.dilemma_slug = q.dilemma_slug)
    and p_network_id in (select private.my_figure_network_ids())
$$;
revoke execute on function private.network_periods_now(uuid, text) from public;
grant execute on function private.network_periods_now(uuid, text) to authenticated;

-- Direct reads (past the functions) never see a queued key's stored row either.
drop policy "the network's people read its aggregates" on app.network_aggregates;
create policy "the network's people read its aggregates" on app.network_aggregates
  for select to authenticated
  using (network_id in (select private.my_figure_network_ids())
         and not private.network_key_queued(network_id, period_kind, period_start, dilemma_slug));

-- Writers queue instead of rewriting -------------------------------------------------------------

-- A closing session: its cells and period cells now (the team's own, cheap); the network keys it
-- touches are queued. The period cells are deleted by team first, so one session costs its own
-- rows whatever the size of the network.
create or replace function private.refresh_network_cells(p_session_ids uuid[], p_aggregates boolean default true)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_teams uuid[];
  v_slugs text[];
  v_kinds text[];
  v_starts date[];
  v_touched record;
begin
  delete from app.network_cells where session_id = any (p_session_ids);

  insert into app.network_cells (session_id, dilemma_slug, team_id, held_on, contributors, median, unanimous)
  select s.id, r.dilemma_slug, s.team_id, s.held_on,
         count(*), percentile_cont(0.5) within group (order by last.value), min(last.value) = max(last.value)
  from app.sessions s
  -- A dilemma that came up twice in one session counts once: its later round.
  join lateral (
    select distinct on (r.dilemma_slug) r.id, r.dilemma_slug
    from app.session_rounds r
    where r.session_id = s.id and r.revealed_at is not null
    order by r.dilemma_slug, r.position desc
  ) r on true
  -- Each person once per round: the point after the discussion where they gave one.
  cross join lateral (
    select distinct on (p.user_id) p.value
    from app.positions p
    where p.round_id = r.id
    order by p.user_id, (p.stage = 'after') desc
  ) last
  where s.id = any (p_session_ids) and s.status = 'closed'
  group by s.id, r.dilemma_slug, s.team_id, s.held_on;

  select array_agg(t.team_id), array_agg(t.dilemma_slug), array_agg(t.period_kind), array_agg(t.period_start)
  into v_teams, v_slugs, v_kinds, v_starts
  from private.touched_periods(p_session_ids) t;

  -- The periods these sessions fall in are computed again from scratch: a reopened and re-closed
  -- session, or an older one closed late, lands correctly.
  delete from app.network_period_cells pc
  using unnest(v_teams, v_slugs, v_kinds, v_starts) t (team_id, dilemma_slug, period_kind, period_start)
  where pc.team_id = t.team_id and pc.dilemma_slug = t.dilemma_slug
    and pc.period_kind = t.period_kind and pc.period_start = t.period_start;

  insert into app.network_period_cells
    (team_id, dilemma_slug, period_kind, period_start, session_id, held_on, contributors, median, unanimous)
  select distinct on (t.team_id, t.dilemma_slug, t.period_kind, t.period_start)
         t.team_id, t.dilemma_slug, t.period_kind, t.period_start,
         c.session_id, c.held_on, c.contributors, c.median, c.unanimous
  from unnest(v_teams, v_slugs, v_kinds, v_starts) t (team_id, dilemma_slug, period_kind, period_start)
  join app.network_cells c
    on c.team_id = t.team_id and c.dilemma_slug = t.dilemma_slug
   and date_trunc(t.period_kind, c.held_on::timestamp)::date = t.period_start
  order by t.team_id, t.dilemma_slug, t.period_kind, t.period_start, c.held_on desc, c.session_id desc;

  -- The network keys these periods touch, queued in every network the teams count in. (The
  -- benchmark loads thousands of sessions with p_aggregates off and refreshes once at the end.)
  if p_aggregates then
    for v_touched in
      select nt.network_id, array_agg(t.period_kind) as kinds, array_agg(t.period_start) as starts,
             array_agg(t.dilemma_slug) as slugs
      from unnest(v_teams, v_slugs, v_kinds, v_starts) t (team_id, dilemma_slug, period_kind, period_start)
      join app.network_teams nt on nt.team_id = t.team_id
      group by nt.network_id
    loop
      perform private.queue_network_keys(v_touched.network_id, v_touched.kinds, v_touched.starts, v_touched.slugs);
    end loop;
  end if;
end
$$;

-- A team that starts or stops counting queues every key it has cells for. A team that leaves also
-- queues every key the network has (its cells may be gone with the team), and a changed k every
-- key: "every key" is read from what is stored AND what is queued, since a drain running at the
-- same moment may be about to store a key that has no stored row yet (its marker is then queued
-- again here, and outlives that drain, which deletes only the markers it read).
create or replace function private.refresh_aggregates_on_team_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_counted_before boolean := tg_op <> 'INSERT' and old.sharing and old.status = 'approved';
  v_counted_after boolean := tg_op <> 'DELETE' and new.sharing and new.status = 'approved';
  v_team uuid := case when tg_op = 'DELETE' then old.team_id else new.team_id end;
  v_network uuid := case when tg_op = 'DELETE' then old.network_id else new.network_id end;
begin
  if v_counted_before is not distinct from v_counted_after
     or not exists (select 1 from app.networks n where n.id = v_network) then
    return null;
  end if;
  perform private.queue_network_keys(v_network, k.kinds, k.starts, k.slugs)
  from (select array_agg(pc.period_kind) as kinds, array_agg(pc.period_start) as starts,
               array_agg(pc.dilemma_slug) as slugs
        from app.network_period_cells pc where pc.team_id = v_team) k;
  if tg_op = 'DELETE' then
    perform private.queue_all_network_keys(v_network);
  end if;
  return null;
end
$$;

create function private.queue_all_network_keys(p_network_id uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into private.network_dirty_keys (network_id, period_kind, period_start, dilemma_slug)
  select p_network_id, k.period_kind, k.period_start, k.dilemma_slug
  from (select a.period_kind, a.period_start, a.dilemma_slug from app.network_aggregates a
        where a.network_id = p_network_id
        union
        select d.period_kind, d.period_start, d.dilemma_slug from private.network_dirty_keys d
        where d.network_id = p_network_id) k
  where exists (select 1 from app.networks n where n.id = p_network_id)
$$;
revoke execute on function private.queue_all_network_keys(uuid) from public;

create or replace function private.refresh_aggregates_on_threshold() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.queue_all_network_keys(new.id);
  return null;
end
$$;

-- The drain ---------------------------------------------------------------------------------------

-- Rewrites up to p_limit queued keys per network and takes them off the queue; returns how many
-- keys are still queued. Service role only (the server after a call that queued keys; pg_cron on
-- Supabase could call it too). Safe with several callers at once: one writer per network (the
-- advisory lock), and the queue is read after the lock, so keys another caller finished are gone;
-- a key queued again while its aggregate was being rewritten keeps its new row (only the rows read
-- here are deleted, and the rewrite reads the cells after them).
create function private.process_network_queue(p_limit integer) returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  v_network uuid;
  v_batch record;
begin
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  for v_network in select distinct d.network_id from private.network_dirty_keys d loop
    perform pg_advisory_xact_lock(hashtext('network_aggregates:' || v_network::text));
    select array_agg(d.id) as ids, array_agg(d.period_kind) as kinds, array_agg(d.period_start) as starts,
           array_agg(d.dilemma_slug) as slugs
    into v_batch
    from private.network_dirty_keys d
    where d.network_id = v_network
      and (d.period_kind, d.period_start, d.dilemma_slug) in (
        select k.period_kind, k.period_start, k.dilemma_slug
        -- The latest periods first (by their end: this year with this quarter), the ones people
        -- look at: a reader computes a queued key itself, which costs time until it is drained.
        from (select q.period_kind, q.period_start, q.dilemma_slug
              from (select distinct d2.period_kind, d2.period_start, d2.dilemma_slug
                    from private.network_dirty_keys d2 where d2.network_id = v_network) q
              order by q.period_start + case when q.period_kind = 'year' then interval '1 year'
                                             else interval '3 months' end desc,
                       q.period_kind desc, q.dilemma_slug
              limit p_limit) k);
    if v_batch.ids is not null then
      perform private.refresh_network_aggregates(v_network, v_batch.kinds, v_batch.starts, v_batch.slugs);
      delete from private.network_dirty_keys where id = any (v_batch.ids);
    end if;
  end loop;
  return (select count(*) from (select distinct network_id, period_kind, period_start, dilemma_slug
                                from private.network_dirty_keys) k);
end
$$;
revoke execute on function private.process_network_queue(integer) from public, anon, authenticated;
grant execute on function private.process_network_queue(integer) to service_role;

-- The data API's door to it (security invoker, as every function in public): the server itself.
create function public.process_network_queue(p_limit integer default 40) returns integer
language sql
set search_path = ''
as $$
  select private.process_network_queue(p_limit)
$$;
revoke execute on function public.process_network_queue(integer) from public, anon, authenticated;
grant execute on function public.process_network_queue(integer) to service_role;

-- The readers -------------------------------------------------------------------------------------

create or replace function public.network_overview(p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network app.networks;
begin
  select * into v_network from app.networks where id = p_network_id and id in (select private.my_network_ids());
  if v_network.id is null then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'id', v_network.id, 'name', v_network.name, 'description_md', v_network.description_md,
    'min_contributors', v_network.min_contributors,
    'is_coordinator', v_network.id in (select private.my_coordinated_network_ids()),
    'sees_figures', v_network.id in (select private.my_figure_network_ids()),
    -- The aggregates are there only for who sees the figures.
    'quarters', (select coalesce(jsonb_agg(p order by p desc), '[]'::jsonb)
                 from private.network_periods_now(p_network_id, 'quarter') p),
    'years', (select coalesce(jsonb_agg(p order by p desc), '[]'::jsonb)
              from private.network_periods_now(p_network_id, 'year') p),
    'my_teams', (select coalesce(jsonb_agg(jsonb_build_object(
                     'team_id', t.id, 'name', t.name, 'sharing', nt.sharing,
                     'show_name', nt.show_name, 'label', private.team_label(nt.label_no))
                   order by t.name), '[]'::jsonb)
                 from app.network_teams nt join app.teams t on t.id = nt.team_id
                 where nt.network_id = p_network_id and nt.status = 'approved'
                   and nt.team_id in (select private.my_team_ids())),
    'pending_requests', case when v_network.id in (select private.my_coordinated_network_ids())
                             then (select count(*) from private.network_requests_of(p_network_id) r
                                   where r.status = 'pending') end);
end
$$;

create or replace function public.network_dashboard(p_network_id uuid, p_period_kind text, p_period_start date,
                                                    p_team_size text default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network app.networks := private.require_network_access(p_network_id);
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
      from private.network_aggregates_now(p_network_id, p_period_kind, p_period_start, null,
                                          coalesce(p_team_size, 'all')) a
      left join (
        select c.dilemma_slug, jsonb_agg(jsonb_build_object('team_label', c.team_label, 'median', c.median)) as mine
        from private.my_network_cells(p_network_id, p_period_kind, p_period_start) c
        where p_team_size is null
           or (p_team_size = 'small' and c.contributors < 10)
           or (p_team_size = 'medium' and c.contributors between 10 and 19)
           or (p_team_size = 'large' and c.contributors >= 20)
        group by c.dilemma_slug
      ) m on m.dilemma_slug = a.dilemma_slug), '[]'::jsonb));
end
$$;

create or replace function public.network_export(p_network_id uuid, p_period_kind text, p_level text)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network app.networks := private.require_network_access(p_network_id);
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
      from private.network_aggregates_now(v_network.id, p_period_kind, null, null, 'all') a), '[]'::jsonb);
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'period_start', c.period_start, 'slug', c.dilemma_slug, 'team', coalesce(c.team_name, c.team_label),
        'named', c.team_name is not null, 'median', c.median)
      order by c.period_start, c.dilemma_slug, c.team_label)
    from private.network_visible_cells(p_network_id, p_period_kind, null) c), '[]'::jsonb);
end
$$;

create or replace function public.team_vs_network(p_team_id uuid, p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network app.networks := private.require_network_access(p_network_id);
  v_latest date;
  v_period date;
begin
  perform private.require_team_role(p_team_id, 'member');
  -- Through RLS: the caller is a member of the team, whose settings they see.
  if p_network_id not in (select private.my_coordinated_network_ids())
     and not exists (select 1 from app.network_teams nt
                     where nt.network_id = p_network_id and nt.team_id = p_team_id
                       and nt.status = 'approved' and nt.sharing) then
    if exists (select 1 from app.network_teams nt
               where nt.network_id = p_network_id and nt.team_id = p_team_id and nt.status = 'approved') then
      raise exception 'share_to_see' using errcode = '42501';
    end if;
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  select max(held_on) into v_latest from app.network_cells where team_id = p_team_id;
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
          'network', jsonb_build_object('teams', coalesce(a.teams, 0), 'median', a.median, 'q1', a.q1, 'q3', a.q3),
          'reading_md', coalesce(rd.body_md, ''))
        order by own.dilemma_slug)
      from private.team_period_cells(p_team_id, 'year', v_period) own
      left join private.network_aggregates_now(p_network_id, 'year', v_period, null, 'all') a
        on a.dilemma_slug = own.dilemma_slug
      left join app.network_readings rd
        on rd.network_id = p_network_id and rd.team_id = p_team_id and rd.dilemma_slug = own.dilemma_slug
       and rd.period_kind = 'year' and rd.period_start = v_period), '[]'::jsonb));
end
$$;

-- One dilemma team by team: the gate for this page, in one pass. The cells that may be shown
-- (THE rules), of a network whose figures the caller sees; with more than p_many teams only the
-- named ones and the caller's own (what the page lists), each named team with its reading of this
-- result.
create function private.network_dilemma_teams(p_network_id uuid, p_dilemma_slug text, p_period_kind text,
                                              p_period_start date, p_many integer)
returns table (team_label text, team_name text, median numeric, is_mine boolean, reading_md text)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_mine uuid[] := array(select private.my_team_ids());
begin
  if p_network_id is null or p_network_id not in (select private.my_figure_network_ids()) then
    return;
  end if;
  return query
    with cells as (
      select r.team_id, r.label_no, r.show_name, r.median
      from private.network_cell_rules(p_network_id) r
      where r.visible and r.dilemma_slug = p_dilemma_slug and r.period_kind = p_period_kind
        and r.period_start = p_period_start
    ),
    listed as (
      select c.* from cells c
      where c.show_name or c.team_id = any (v_mine) or (select count(*) from cells) <= p_many
    )
    select private.team_label(l.label_no), case when l.show_name then t.name end, l.median,
           l.team_id = any (v_mine),
           case when l.show_name then rd.body_md end
    from listed l
    join app.teams t on t.id = l.team_id
    left join app.network_readings rd
      on rd.network_id = p_network_id and rd.team_id = l.team_id and rd.dilemma_slug = p_dilemma_slug
     and rd.period_kind = p_period_kind and rd.period_start = p_period_start;
end
$$;
revoke execute on function private.network_dilemma_teams(uuid, text, text, date, integer) from public;
grant execute on function private.network_dilemma_teams(uuid, text, text, date, integer) to authenticated;

-- Viewers: one dilemma in one period. 'team_count' and 'bins' cover every shown team; 'teams' lists
-- them all up to sixty, beyond that the named ones and the caller's own.
create or replace function public.network_dilemma(p_network_id uuid, p_dilemma_slug text, p_period_kind text,
                                                  p_period_start date)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network app.networks := private.require_network_access(p_network_id);
  v_all app.network_aggregates;
begin
  perform private.check_period(p_period_kind, p_period_start);
  select * into v_all
  from private.network_aggregates_now(p_network_id, p_period_kind, p_period_start, p_dilemma_slug, 'all');
  return jsonb_build_object(
    'network_id', v_network.id, 'slug', p_dilemma_slug, 'period_kind', p_period_kind,
    'period_start', p_period_start, 'min_contributors', v_network.min_contributors,
    'team_count', coalesce(v_all.teams, 0),
    'bins', to_jsonb(coalesce(v_all.bins, array_fill(0, array[10]))),
    -- json, then jsonb once: a fifth cheaper than jsonb per row for thousands of named teams.
    'teams', coalesce((
      select json_agg(json_build_object(
          'label', c.team_label, 'name', c.team_name, 'median', c.median, 'is_mine', c.is_mine,
          'interpretation_md', c.reading_md)
        order by c.median, c.team_label)::jsonb
      from private.network_dilemma_teams(p_network_id, p_dilemma_slug, p_period_kind, p_period_start, 60) c),
      '[]'::jsonb),
    'suppressed', coalesce(v_all.suppressed, 0),
    'series', coalesce((
      select jsonb_agg(jsonb_build_object(
          'period_start', a.period_start, 'teams', a.teams, 'median', a.median, 'q1', a.q1, 'q3', a.q3,
          'mine', m.mine)
        order by a.period_start)
      from private.network_aggregates_now(p_network_id, p_period_kind, null, p_dilemma_slug, 'all') a
      left join (
        select c.period_start, round(avg(c.median), 1) as mine
        from private.my_network_cells(p_network_id, p_period_kind, null, p_dilemma_slug) c
        group by c.period_start
      ) m on m.period_start = a.period_start
      where a.teams > 0), '[]'::jsonb));
end
$$;
