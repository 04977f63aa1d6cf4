-- Issue 13, the network's points. Three attacks, each closed here:
--
-- 1. "Anyone can join a network and read it": joining was self-service, and a joined team read
--    every view (named teams, readings, the team-level export) without sharing anything, and could
--    add teams of invented phones to the figures. Now a team's request stays pending until a
--    coordinator of the network approves it (network_teams.status). A pending or refused team sees
--    nothing of the network and counts in none of its figures. An approved team sees the figures
--    only while it shares its own ("give to get"); coordinators always.
-- 4. "A size filter tells that a team answered unanimously": a held-back cell was counted in the
--    size class of the people behind it, and in the medium and large classes (at least k people)
--    it could only be held back for unanimity. Now a held-back cell belongs to no size class: every
--    view and export reports the same held-back count for a dilemma and period, whatever the filter
--    and whatever the reason.
-- 5. "Hiding a team's name keeps its label": now a team that hides its name gets a new label, and
--    the old one is retired for good (as is the label of a team that leaves or is refused).

-- Membership -------------------------------------------------------------------------------------

-- Rows written past the API (the seed, an administrator) are memberships as they stand, hence the
-- default; the API's own request (save_team_network) writes 'pending'.
alter table public.network_teams
  add column status text not null default 'approved' check (status in ('pending', 'approved', 'refused')),
  add column requested_at timestamptz,
  add column decided_at timestamptz,
  add column decided_by uuid references auth.users (id) on delete set null;
create index network_teams_decided_by_idx on public.network_teams (decided_by);

-- Networks whose existence and own place the caller may see: as a coordinator, or as a member of
-- an approved team. A pending or refused team is not in the network.
create or replace function private.my_network_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select network_id from public.network_coordinators where user_id = (select auth.uid())
  union
  select nt.network_id from public.network_teams nt
  where nt.team_id in (select private.my_team_ids()) and nt.status = 'approved'
$$;

-- Networks whose figures the caller may see: as a coordinator, or as a member of an approved team
-- that shares its own results now.
create function private.my_figure_network_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select network_id from public.network_coordinators where user_id = (select auth.uid())
  union
  select nt.network_id from public.network_teams nt
  where nt.team_id in (select private.my_team_ids()) and nt.status = 'approved' and nt.sharing
$$;
revoke execute on function private.my_figure_network_ids() from public;
grant execute on function private.my_figure_network_ids() to authenticated;

drop policy "the network's people read its aggregates" on public.network_aggregates;
create policy "the network's people read its aggregates" on public.network_aggregates
  for select to authenticated using (network_id in (select private.my_figure_network_ids()));

-- The gate of every view with figures (dashboard, dilemma, export, team against network). A member
-- of an approved team that shares nothing is told why (403 share_to_see); anyone else not found.
create or replace function private.require_network_access(p_network_id uuid) returns public.networks
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_network public.networks;
begin
  select * into v_network from public.networks
  where id = p_network_id and id in (select private.my_figure_network_ids());
  if v_network.id is null then
    if p_network_id in (select private.my_network_ids()) then
      raise exception 'share_to_see' using errcode = '42501';
    end if;
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  return v_network;
end
$$;

-- THE rules, as before, plus: only approved teams count (a pending team's cells count nowhere).
create or replace function private.network_cell_rules(p_network_id uuid)
returns table (team_id uuid, label_no integer, show_name boolean, interpretation_md text,
               dilemma_slug text, period_kind text, period_start date, contributors integer,
               median numeric, visible boolean)
language sql stable
as $$
  select nt.team_id, nt.label_no, nt.show_name, nt.interpretation_md,
         pc.dilemma_slug, pc.period_kind, pc.period_start, pc.contributors, pc.median,
         pc.contributors >= n.min_contributors and not pc.unanimous
  from public.networks n
  join public.network_teams nt on nt.network_id = n.id and nt.sharing and nt.status = 'approved'
  join public.network_period_cells pc on pc.team_id = nt.team_id
  where n.id = p_network_id
$$;

-- The aggregates, as before, except that a held-back cell belongs to no size class: a size class
-- holds only shown cells, and its held-back count is the whole dilemma's (the same number under
-- every filter), so no filter tells why a cell was held back.
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
          from public.network_teams nt join public.network_period_cells pc on pc.team_id = nt.team_id
          where nt.network_id = p_network_id and nt.sharing and nt.status = 'approved') k;
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
         count(*) filter (where r.visible),
         max(r.held_back),
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
  from (select distinct * from unnest(p_kinds, p_starts, p_slugs)) k (kind, start, slug)
  cross join lateral (
    select r0.*, count(*) filter (where not r0.visible) over () as held_back
    from private.network_cell_rules(p_network_id) r0
    where r0.dilemma_slug = k.slug and r0.period_kind = k.kind and r0.period_start = k.start
  ) r
  -- A shown cell counts in 'all' and in its size class; a held-back cell in 'all' only.
  cross join lateral (values ('all'), (case when not r.visible then null
                                            when r.contributors < 10 then 'small'
                                            when r.contributors < 20 then 'medium' else 'large' end)) size (class)
  where size.class is not null
  group by r.period_kind, r.period_start, r.dilemma_slug, size.class;
end
$$;

-- A team counts while it is approved and shares: a change of either rewrites the aggregates.
create or replace function private.refresh_aggregates_on_team_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_counted_before boolean := tg_op <> 'INSERT' and old.sharing and old.status = 'approved';
  v_counted_after boolean := tg_op <> 'DELETE' and new.sharing and new.status = 'approved';
begin
  if v_counted_before is not distinct from v_counted_after then
    return null;
  end if;
  if tg_op = 'DELETE' then
    if exists (select 1 from public.networks where id = old.network_id) then
      perform private.refresh_network_aggregates(old.network_id);
    end if;
  else
    perform private.refresh_network_aggregates(new.network_id, k.kinds, k.starts, k.slugs)
    from (select array_agg(pc.period_kind) as kinds, array_agg(pc.period_start) as starts,
                 array_agg(pc.dilemma_slug) as slugs
          from public.network_period_cells pc where pc.team_id = new.team_id) k
    where k.kinds is not null;
  end if;
  return null;
end
$$;
drop trigger refresh_network_aggregates_on_team_change on public.network_teams;
create trigger refresh_network_aggregates_on_team_change
  after insert or delete or update of sharing, status on public.network_teams
  for each row execute function private.refresh_aggregates_on_team_change();

-- Every network's aggregates again under the new rules (held-back cells out of the size classes,
-- only approved teams).
select private.refresh_network_aggregates(n.id) from public.networks n;

-- The helpers behind the views look at figure networks only.
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
    and p_network_id in (select private.my_figure_network_ids())
$$;

create or replace function private.my_network_cells(p_network_id uuid, p_period_kind text, p_period_start date,
                                                    p_dilemma_slug text default null)
returns table (team_label text, dilemma_slug text, period_start date, contributors integer, median numeric)
language sql stable security definer
set search_path = ''
as $$
  select private.team_label(r.label_no), r.dilemma_slug, r.period_start, r.contributors, r.median
  from private.network_cell_rules(p_network_id) r
  where r.team_id = any (array(select private.my_team_ids()))
    and r.visible
    and r.period_kind = p_period_kind
    and (p_period_start is null or r.period_start = p_period_start)
    and (p_dilemma_slug is null or r.dilemma_slug = p_dilemma_slug)
    and p_network_id in (select private.my_figure_network_ids())
$$;

-- Viewers of a network (coordinators, members of approved teams): its description, threshold, the
-- periods with data (none unless the caller sees figures) and their own approved teams.
create or replace function public.network_overview(p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_network public.networks;
begin
  select * into v_network from public.networks where id = p_network_id and id in (select private.my_network_ids());
  if v_network.id is null then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'id', v_network.id, 'name', v_network.name, 'description_md', v_network.description_md,
    'min_contributors', v_network.min_contributors,
    'is_coordinator', v_network.id in (select private.my_coordinated_network_ids()),
    'sees_figures', v_network.id in (select private.my_figure_network_ids()),
    -- Through RLS: the aggregates are there only for who sees the figures.
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
                 where nt.network_id = p_network_id and nt.status = 'approved'
                   and nt.team_id in (select private.my_team_ids())),
    'pending_requests', case when v_network.id in (select private.my_coordinated_network_ids())
                             then (select count(*) from private.network_requests_of(p_network_id) r
                                   where r.status = 'pending') end);
end
$$;

-- Members of a team: the team against the network, as before, but only for a team that is
-- approved and shares (give to get); a coordinator who is also in the team sees it too.
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
  -- Through RLS: the caller is a member of the team, whose settings they see.
  if p_network_id not in (select private.my_coordinated_network_ids())
     and not exists (select 1 from public.network_teams nt
                     where nt.network_id = p_network_id and nt.team_id = p_team_id
                       and nt.status = 'approved' and nt.sharing) then
    if exists (select 1 from public.network_teams nt
               where nt.network_id = p_network_id and nt.team_id = p_team_id and nt.status = 'approved') then
      raise exception 'share_to_see' using errcode = '42501';
    end if;
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
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
      left join public.network_readings rd
        on rd.network_id = p_network_id and rd.team_id = p_team_id and rd.dilemma_slug = own.dilemma_slug
       and rd.period_kind = 'year' and rd.period_start = v_period), '[]'::jsonb));
end
$$;

-- Members of a team: the team's place in each network, now with the state of its request.
create or replace function public.team_network_settings(p_team_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.require_team_role(p_team_id, 'member');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'network_id', n.id, 'name', n.name, 'min_contributors', n.min_contributors,
        'joined', nt.team_id is not null, 'status', nt.status, 'requested_at', nt.requested_at,
        'sharing', coalesce(nt.sharing, false),
        'show_name', coalesce(nt.show_name, false),
        'label', case when nt.team_id is not null then private.team_label(nt.label_no) end,
        'interpretation_md', coalesce(nt.interpretation_md, ''))
      order by n.name)
    from public.networks n
    left join public.network_teams nt on nt.network_id = n.id and nt.team_id = p_team_id), '[]'::jsonb);
end
$$;

-- Labels ---------------------------------------------------------------------------------------

-- The highest label number a network ever gave out. A label that is given up (the team hides its
-- name, leaves, or is taken out) is never drawn again, so it can never point to another team.
create table private.network_labels_issued (
  network_id uuid primary key references public.networks (id) on delete cascade,
  last_label_no integer not null check (last_label_no >= 1)
);
revoke all on private.network_labels_issued from public, anon, authenticated;
insert into private.network_labels_issued (network_id, last_label_no)
select network_id, max(label_no) from public.network_teams group by network_id;

-- Every label written, however (the seed writes them past the API), moves the mark up.
create function private.remember_label() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into private.network_labels_issued (network_id, last_label_no)
  values (new.network_id, new.label_no)
  on conflict (network_id) do update
  set last_label_no = greatest(private.network_labels_issued.last_label_no, excluded.last_label_no);
  return null;
end
$$;
revoke execute on function private.remember_label() from public;
create trigger remember_network_label
  after insert or update of label_no on public.network_teams
  for each row execute function private.remember_label();

create or replace function private.next_label_no(p_network_id uuid) returns integer
language sql volatile security definer
set search_path = ''
as $$
  select greatest(
    coalesce((select last_label_no from private.network_labels_issued where network_id = p_network_id), 0),
    coalesce((select max(label_no) from public.network_teams where network_id = p_network_id), 0)) + 1
$$;

-- Facilitators: ask to join (pending until a coordinator decides), choose to share and how the team
-- appears. Hiding the name draws a new label: the old one was seen beside the name.
create or replace function private.save_team_network_settings(p_team_id uuid, p_network_id uuid, p_sharing boolean,
                                                              p_show_name boolean, p_interpretation_md text)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if p_team_id not in (select private.my_facilitated_team_ids()) then
    raise exception 'facilitator_only' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtext('network_label:' || p_network_id::text));
  insert into public.network_teams (network_id, team_id, sharing, show_name, label_no, interpretation_md,
                                    sharing_changed_at, status, requested_at)
  values (p_network_id, p_team_id, p_sharing, p_show_name, private.next_label_no(p_network_id),
          p_interpretation_md, case when p_sharing then now() end, 'pending', now())
  on conflict (network_id, team_id) do update
  set sharing = excluded.sharing, show_name = excluded.show_name,
      interpretation_md = excluded.interpretation_md,
      label_no = case when public.network_teams.show_name and not excluded.show_name
                      then excluded.label_no else public.network_teams.label_no end,
      sharing_changed_at = case when public.network_teams.sharing is distinct from excluded.sharing
                                then now() else public.network_teams.sharing_changed_at end;
end
$$;

-- Coordinators: requests ------------------------------------------------------------------------

-- The teams that asked to join the caller's network and were not (yet) let in. A team that asks
-- shows its name to the network's coordinators: they decide who is in.
create function private.network_requests_of(p_network_id uuid)
returns table (team_id uuid, name text, status text, requested_at timestamptz, decided_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select t.id, t.name, nt.status, nt.requested_at, nt.decided_at
  from public.network_teams nt join public.teams t on t.id = nt.team_id
  where nt.network_id = p_network_id and nt.status in ('pending', 'refused')
    and p_network_id in (select private.my_coordinated_network_ids())
$$;
revoke execute on function private.network_requests_of(uuid) from public;
grant execute on function private.network_requests_of(uuid) to authenticated;

-- Writes past RLS, so it checks the caller itself. Returns the status before, or null when the
-- caller coordinates no such network or the team never asked.
create function private.decide_network_team(p_network_id uuid, p_team_id uuid, p_status text) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  v_before text;
begin
  if p_network_id not in (select private.my_coordinated_network_ids()) then
    return null;
  end if;
  select status into v_before from public.network_teams
  where network_id = p_network_id and team_id = p_team_id for update;
  if v_before is null or v_before = p_status then
    return v_before;
  end if;
  -- Refusing is for requests; an approved team is taken out with leave_network.
  if v_before = 'approved' then
    return v_before;
  end if;
  update public.network_teams
  set status = p_status, decided_at = now(), decided_by = (select auth.uid()),
      -- A refused team's label is given up; if it is let in later it draws a new one.
      label_no = case when p_status = 'refused' then private.next_label_no(p_network_id) else label_no end
  where network_id = p_network_id and team_id = p_team_id;
  return v_before;
end
$$;
revoke execute on function private.decide_network_team(uuid, uuid, text) from public;
grant execute on function private.decide_network_team(uuid, uuid, text) to authenticated;

-- Coordinators: the pending and refused requests of their network, pending first, oldest first.
create function public.network_requests(p_network_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  if p_network_id not in (select private.my_coordinated_network_ids()) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('team_id', r.team_id, 'name', r.name, 'status', r.status,
                                        'requested_at', r.requested_at, 'decided_at', r.decided_at)
      order by r.status = 'refused', r.requested_at, r.name)
    from private.network_requests_of(p_network_id) r), '[]'::jsonb);
end
$$;

-- Coordinators: let a team in ('approve') or keep it out ('refuse'). Deciding again the same way
-- changes nothing (a retried form post is harmless); a refused team may still be let in; an
-- approved team is not refused (take it out with leave_network).
create function public.decide_network_request(p_network_id uuid, p_team_id uuid, p_decision text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_before text;
begin
  if p_decision is null or p_decision not in ('approve', 'refuse') or p_team_id is null then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  if p_network_id not in (select private.my_coordinated_network_ids()) then
    raise exception 'network_not_found' using errcode = 'P0002';
  end if;
  v_before := private.decide_network_team(p_network_id, p_team_id,
                                          case p_decision when 'approve' then 'approved' else 'refused' end);
  if v_before is null then
    raise exception 'request_not_found' using errcode = 'P0002';
  end if;
  if v_before = 'approved' and p_decision = 'refuse' then
    raise exception 'already_member' using errcode = 'P0001';
  end if;
  return public.network_requests(p_network_id);
end
$$;

revoke execute on function public.network_overview(uuid), public.team_vs_network(uuid, uuid),
  public.team_network_settings(uuid), public.network_requests(uuid),
  public.decide_network_request(uuid, uuid, text) from public, anon;
grant execute on function public.network_overview(uuid), public.team_vs_network(uuid, uuid),
  public.team_network_settings(uuid), public.network_requests(uuid),
  public.decide_network_request(uuid, uuid, text) to authenticated;
