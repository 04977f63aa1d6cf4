-- A team's reading ("duiding") belongs to the dilemma and the period it is about (issue 10).
--
-- Until now a team had one reading per network (network_teams.interpretation_md), and every
-- dilemma page of the network showed it beside the team's result: a note about "zelf doen of
-- overdragen" in 2025 appeared under "wijk of wachtlijst" in 2027 too. Now a reading is written
-- per (network, team, dilemma, period) by the team's facilitator, and is shown only beside that
-- result: on that dilemma, in that period, and only where the team is named (the same gate as
-- its name; beside an anonymous label a reading could give the team away).
--
-- The old team-level reading: it cannot be known which dilemma or period it was about, and
-- copying it under every result would repeat the bug. So it is not copied. It stays in
-- network_teams.interpretation_md, no longer shown to the network, readable by the team's own
-- members (team_network_settings) so its facilitator can move what still holds into readings per
-- dilemma. save_team_network keeps its signature; a null reading now keeps the stored text.

create table public.network_readings (
  network_id uuid not null,
  team_id uuid not null,
  dilemma_slug text not null check (char_length(dilemma_slug) between 1 and 200),
  period_kind text not null check (period_kind in ('quarter', 'year')),
  period_start date not null check (period_start = date_trunc(period_kind, period_start::timestamp)::date),
  body_md text not null check (char_length(body_md) between 1 and 2000),
  written_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (network_id, team_id, dilemma_slug, period_kind, period_start),
  -- Leaving the network takes the team's readings with it, like its settings.
  foreign key (network_id, team_id) references public.network_teams (network_id, team_id) on delete cascade
);
alter table public.network_readings enable row level security;
create index network_readings_team_id_idx on public.network_readings (team_id);
create index network_readings_written_by_idx on public.network_readings (written_by);
create index network_readings_dilemma_idx on public.network_readings
  (network_id, dilemma_slug, period_kind, period_start);

-- A team's readings are its own; the network sees them only through network_dilemma.
create policy "team members see their team's readings" on public.network_readings
  for select to authenticated
  using (team_id in (select private.my_team_ids()));

-- Only reads are granted: on Supabase, new tables start with every privilege for anon and
-- authenticated, TRUNCATE (which RLS does not stop) included. Writes go through the function.
revoke all on public.network_readings from anon, authenticated;
grant select on public.network_readings to authenticated;

-- Writes past RLS, so it checks the caller itself: only a facilitator of the team writes its
-- readings. An empty text removes the reading.
create function private.write_network_reading(p_network_id uuid, p_team_id uuid, p_dilemma_slug text,
                                              p_period_kind text, p_period_start date, p_body_md text)
returns boolean
language plpgsql security definer
set search_path = ''
as $$
begin
  if p_team_id not in (select private.my_facilitated_team_ids()) then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
  if p_body_md = '' then
    delete from public.network_readings
    where network_id = p_network_id and team_id = p_team_id and dilemma_slug = p_dilemma_slug
      and period_kind = p_period_kind and period_start = p_period_start;
    return false;
  end if;
  insert into public.network_readings (network_id, team_id, dilemma_slug, period_kind, period_start, body_md, written_by)
  values (p_network_id, p_team_id, p_dilemma_slug, p_period_kind, p_period_start, p_body_md, (select auth.uid()))
  on conflict (network_id, team_id, dilemma_slug, period_kind, period_start) do update
  set body_md = excluded.body_md, written_by = excluded.written_by, updated_at = now();
  return true;
end
$$;
revoke execute on function private.write_network_reading(uuid, uuid, text, text, date, text) from public;
grant execute on function private.write_network_reading(uuid, uuid, text, text, date, text) to authenticated;

-- Facilitators: the team's reading of its result on one dilemma in one period of a network it is
-- in. Only about a result the team has (a period cell of its own), so a reading always sits
-- beside the figure it explains. Returns the reading as saved, or null when it was removed.
create function public.save_network_reading(p_team_id uuid, p_network_id uuid, p_dilemma_slug text,
                                            p_period_kind text, p_period_start date, p_body_md text)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_body text := btrim(p_body_md);
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  if not exists (select 1 from public.network_teams where network_id = p_network_id and team_id = p_team_id) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  perform private.check_period(p_period_kind, p_period_start);
  if p_body_md is null or p_dilemma_slug is null then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if char_length(v_body) > 2000 then
    raise exception 'interpretation_too_long' using errcode = '22023';
  end if;
  -- Read through RLS: the team's own period cells, which its members (the facilitator) see.
  if not exists (select 1 from public.network_period_cells
                 where team_id = p_team_id and dilemma_slug = p_dilemma_slug
                   and period_kind = p_period_kind and period_start = p_period_start) then
    raise exception 'dilemma_not_found' using errcode = 'P0002';
  end if;
  if not private.write_network_reading(p_network_id, p_team_id, p_dilemma_slug, p_period_kind,
                                       p_period_start, v_body) then
    return 'null'::jsonb;
  end if;
  return jsonb_build_object('slug', p_dilemma_slug, 'period_kind', p_period_kind,
                            'period_start', p_period_start, 'body_md', v_body);
end
$$;
revoke execute on function public.save_network_reading(uuid, uuid, text, text, date, text) from public, anon;
grant execute on function public.save_network_reading(uuid, uuid, text, text, date, text) to authenticated;

-- The gate, in one place: readings of named teams whose result on this dilemma in this period is
-- shown to the caller (network_visible_cells applies k, unanimity, sharing and who may look).
create function private.network_visible_readings(p_network_id uuid, p_dilemma_slug text,
                                                 p_period_kind text, p_period_start date)
returns table (team_id uuid, body_md text)
language sql stable security definer
set search_path = ''
as $$
  select c.team_id, rd.body_md
  from private.network_visible_cells(p_network_id, p_period_kind, p_period_start, p_dilemma_slug) c
  join public.network_readings rd
    on rd.network_id = p_network_id and rd.team_id = c.team_id and rd.dilemma_slug = p_dilemma_slug
   and rd.period_kind = p_period_kind and rd.period_start = p_period_start
  where c.team_name is not null and p_period_start is not null and p_dilemma_slug is not null
$$;
revoke execute on function private.network_visible_readings(uuid, text, text, date) from public;
grant execute on function private.network_visible_readings(uuid, text, text, date) to authenticated;

-- The team-level reading no longer leaves the team by any path: the helper keeps its columns
-- (its callers read them by name) but returns no reading; readings come from the gate above.
create or replace function private.network_visible_cells(p_network_id uuid, p_period_kind text, p_period_start date,
                                                         p_dilemma_slug text default null)
returns table (team_id uuid, team_label text, team_name text, interpretation_md text, dilemma_slug text,
               period_start date, contributors integer, median numeric, is_mine boolean)
language sql stable security definer
set search_path = ''
as $$
  select r.team_id, private.team_label(r.label_no),
         case when r.show_name then t.name end,
         null::text,
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

-- Viewers: as before, but a team's reading is the one about this dilemma in this period.
create or replace function public.network_dilemma(p_network_id uuid, p_dilemma_slug text, p_period_kind text,
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
          'interpretation_md', rd.body_md)
        order by c.median, c.team_label)
      from private.network_visible_cells(p_network_id, p_period_kind, p_period_start, p_dilemma_slug) c
      left join private.network_visible_readings(p_network_id, p_dilemma_slug, p_period_kind, p_period_start) rd
        on rd.team_id = c.team_id), '[]'::jsonb),
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

-- Members of a team: as before, plus the team's own reading of each result (inside the team, so
-- also when the team is not named or the result is held back).
create or replace function public.team_vs_network(p_team_id uuid, p_network_id uuid) returns jsonb
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
          'network', jsonb_build_object('teams', coalesce(a.teams, 0), 'median', a.median, 'q1', a.q1, 'q3', a.q3),
          'reading_md', coalesce(rd.body_md, ''))
        order by own.dilemma_slug)
      from private.team_period_cells(p_team_id, 'year', v_period) own
      left join public.network_aggregates a
        on a.network_id = p_network_id and a.period_kind = 'year' and a.period_start = v_period
       and a.dilemma_slug = own.dilemma_slug and a.team_size = 'all'
      -- Through RLS: the caller is a member of the team, whose readings they see.
      left join public.network_readings rd
        on rd.network_id = p_network_id and rd.team_id = p_team_id and rd.dilemma_slug = own.dilemma_slug
       and rd.period_kind = 'year' and rd.period_start = v_period), '[]'::jsonb));
end
$$;

-- Facilitators: as before; a null reading keeps the stored (retired) team-level text, so the
-- settings form no longer has to carry it.
create or replace function public.save_team_network(p_team_id uuid, p_network_id uuid, p_sharing boolean,
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
  if p_sharing is null or p_show_name is null then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if char_length(p_interpretation_md) > 2000 then
    raise exception 'interpretation_too_long' using errcode = '22023';
  end if;
  perform private.save_team_network_settings(p_team_id, p_network_id, p_sharing, p_show_name,
    coalesce(btrim(p_interpretation_md),
             (select nt.interpretation_md from public.network_teams nt
              where nt.network_id = p_network_id and nt.team_id = p_team_id), ''));
  return public.team_network_settings(p_team_id);
end
$$;

-- create or replace keeps the grants; stated again so this file reads whole.
revoke execute on function public.network_dilemma(uuid, text, text, date), public.team_vs_network(uuid, uuid),
  public.save_team_network(uuid, uuid, boolean, boolean, text) from public, anon;
grant execute on function public.network_dilemma(uuid, text, text, date), public.team_vs_network(uuid, uuid),
  public.save_team_network(uuid, uuid, boolean, boolean, text) to authenticated;
