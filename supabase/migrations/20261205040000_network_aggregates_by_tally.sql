-- Issue 15: a network page read in the seconds after a team changes its sharing computes the
-- queued keys from the cells itself (20261205010000_network_deferred_aggregates.sql). At 5,000
-- teams the dashboard's twenty keys are some 90,000 cells, and sorting them for the medians and
-- quartiles was most of that read (about 110 ms on a quiet machine, 200–460 ms p95 on a busy one).
--
-- Team medians take few values (halves of whole numbers from 0 to 100), so the computation now
-- counts the teams per key, size class and median first (a hash, no sort of the cells) and finds
-- the quartiles in those counts: the rows PostgreSQL's percentile_cont would interpolate between
-- are found by their place in the counted list, and interpolated the same way, in double
-- precision. Same rules, same rows, same numbers (tests/db/45-network-queue compares it with
-- percentile_cont over the same cells; on the 5,000-team benchmark database every one of its 520
-- rows was equal). The drain uses the same function, so it is faster too.

-- percentile_cont's answer from the two values around p * (total - 1), computed as PostgreSQL
-- computes it (lo + (hi - lo) * fraction, in double precision), rounded as the figures are.
create function private.tally_percentile(p double precision, total integer, lo numeric, hi numeric)
returns numeric
language sql immutable
set search_path = ''
as $$
  select round((lo::double precision
                + (hi::double precision - lo::double precision) * (p * (total - 1) - floor(p * (total - 1))))::numeric, 1)
$$;
revoke execute on function private.tally_percentile(double precision, integer, numeric, numeric) from public;

create or replace function private.compute_network_aggregates(p_network_id uuid, p_kinds text[], p_starts date[],
                                                              p_slugs text[])
returns setof app.network_aggregates
language sql stable security definer
set search_path = ''
set work_mem = '32MB'
as $$
  with cells as (
    select r0.period_kind, r0.period_start, r0.dilemma_slug, r0.median,
           case when not r0.visible then 'none'
                when r0.contributors < 10 then 'small'
                when r0.contributors < 20 then 'medium' else 'large' end as class
    from (select distinct * from unnest(p_kinds, p_starts, p_slugs)) k (kind, start, slug)
    join private.network_cell_rules(p_network_id) r0
      on r0.dilemma_slug = k.slug and r0.period_kind = k.kind and r0.period_start = k.start
  ),
  -- How many teams have each median, per key and class: team medians are halves of whole
  -- numbers, so a key is a few hundred rows here however many teams it has.
  tallies as (
    select c.period_kind, c.period_start, c.dilemma_slug, c.class, c.median, count(*)::integer as n
    from cells c
    group by c.period_kind, c.period_start, c.dilemma_slug, c.class, c.median
  ),
  -- Each size class (shown cells), and 'all' (every shown cell).
  grouped as (
    select t.period_kind, t.period_start, t.dilemma_slug, t.class, t.median, t.n
    from tallies t where t.class <> 'none'
    union all
    select t.period_kind, t.period_start, t.dilemma_slug, 'all', t.median, sum(t.n)::integer
    from tallies t where t.class <> 'none'
    group by t.period_kind, t.period_start, t.dilemma_slug, t.median
  ),
  -- Each value's place in its group's sorted list: rows below .. below + n - 1, of total.
  placed as (
    select g.*,
           (sum(g.n) over (partition by g.period_kind, g.period_start, g.dilemma_slug, g.class order by g.median) - g.n)::integer as below,
           (sum(g.n) over (partition by g.period_kind, g.period_start, g.dilemma_slug, g.class))::integer as total
    from grouped g
  ),
  -- percentile_cont's rows for p = 0.25, 0.5 and 0.75: the one at floor(p * (total - 1)) and the
  -- one at ceil(...), as PostgreSQL's own percentile_cont interpolates between them.
  shown as (
    select p.period_kind, p.period_start, p.dilemma_slug, p.class, max(p.total) as teams,
           private.tally_percentile(0.5, max(p.total),
             max(p.median) filter (where p.below <= floor(0.5 * (p.total - 1)) and floor(0.5 * (p.total - 1)) < p.below + p.n),
             max(p.median) filter (where p.below <= ceil(0.5 * (p.total - 1)) and ceil(0.5 * (p.total - 1)) < p.below + p.n)) as median,
           private.tally_percentile(0.25, max(p.total),
             max(p.median) filter (where p.below <= floor(0.25 * (p.total - 1)) and floor(0.25 * (p.total - 1)) < p.below + p.n),
             max(p.median) filter (where p.below <= ceil(0.25 * (p.total - 1)) and ceil(0.25 * (p.total - 1)) < p.below + p.n)) as q1,
           private.tally_percentile(0.75, max(p.total),
             max(p.median) filter (where p.below <= floor(0.75 * (p.total - 1)) and floor(0.75 * (p.total - 1)) < p.below + p.n),
             max(p.median) filter (where p.below <= ceil(0.75 * (p.total - 1)) and ceil(0.75 * (p.total - 1)) < p.below + p.n)) as q3,
           min(p.median) as min, max(p.median) as max,
           array[coalesce(sum(p.n) filter (where p.median < 10), 0),
                 coalesce(sum(p.n) filter (where p.median >= 10 and p.median < 20), 0),
                 coalesce(sum(p.n) filter (where p.median >= 20 and p.median < 30), 0),
                 coalesce(sum(p.n) filter (where p.median >= 30 and p.median < 40), 0),
                 coalesce(sum(p.n) filter (where p.median >= 40 and p.median < 50), 0),
                 coalesce(sum(p.n) filter (where p.median >= 50 and p.median < 60), 0),
                 coalesce(sum(p.n) filter (where p.median >= 60 and p.median < 70), 0),
                 coalesce(sum(p.n) filter (where p.median >= 70 and p.median < 80), 0),
                 coalesce(sum(p.n) filter (where p.median >= 80 and p.median < 90), 0),
                 coalesce(sum(p.n) filter (where p.median >= 90), 0)]::integer[] as bins
    from placed p
    group by p.period_kind, p.period_start, p.dilemma_slug, p.class
  ),
  -- Every key with a cell, and its held-back cells (carried on each of its rows).
  keyed as (
    select t.period_kind, t.period_start, t.dilemma_slug,
           coalesce(sum(t.n) filter (where t.class = 'none'), 0)::integer as held_back
    from tallies t
    group by t.period_kind, t.period_start, t.dilemma_slug
  )
  select p_network_id, k.period_kind, k.period_start, k.dilemma_slug, s.class, s.teams, k.held_back,
         s.median, s.q1, s.q3, s.min, s.max, s.bins
  from keyed k join shown s using (period_kind, period_start, dilemma_slug)
  union all
  -- A key whose every cell is held back still has its 'all' row: no teams, only the held-back count.
  select p_network_id, k.period_kind, k.period_start, k.dilemma_slug, 'all', 0, k.held_back,
         null, null, null, null, null, array_fill(0, array[10])
  from keyed k
  where not exists (select 1 from shown s where s.period_kind = k.period_kind and s.period_start = k.period_start
                      and s.dilemma_slug = k.dilemma_slug and s.class = 'all')
$$;
