-- Follow-ups and the clock where people see a session (issue #14): the live state, the report
-- (and with it its downloads), "my data", and the learning agenda's facts.
--
-- The three views keep their bodies: each moves to the unexposed schema private under a new name
-- and a public function of the old name adds the new parts, so no earlier rule is copied (and
-- none can drift from its original).

alter function public.session_state(uuid, text) set schema private;
alter function private.session_state(uuid, text) rename to session_state_base;
alter function public.session_report(uuid, text) set schema private;
alter function private.session_report(uuid, text) rename to session_report_base;
alter function public.my_data_export() set schema private;
alter function private.my_data_export() rename to my_data_export_base;

-- A dilemma's clock as everyone sees it; `now` is the database's, so browsers count from it. Time
-- spent is given once the dilemma is done (or the session closed), so a report reads the same twice.
create function private.round_clock(r public.session_rounds, p_closed_at timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'planned_minutes', r.planned_minutes, 'started_at', r.started_at, 'ended_at', r.ended_at,
    'now', now(),
    'seconds_spent', case when r.started_at is not null and coalesce(r.ended_at, p_closed_at) is not null then
      greatest(0, floor(extract(epoch from coalesce(r.ended_at, p_closed_at) - r.started_at)))::integer end)
$$;
revoke execute on function private.round_clock(public.session_rounds, timestamptz) from public;
grant execute on function private.round_clock(public.session_rounds, timestamptz) to authenticated;

-- The session's people: as before, plus whether the review of follow-ups is on (and how many it
-- has: a count, the same for everyone, so the shared phone snapshot stays impersonal) and the
-- clock of the current dilemma. The follow-ups themselves come from session_follow_ups (members).
create function public.session_state(p_session_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_state jsonb := private.session_state_base(p_session_id, p_lang);
  v_session public.sessions;
  v_round public.session_rounds;
begin
  select * into v_session from public.sessions where id = p_session_id;
  select * into v_round from public.session_rounds
  where session_id = p_session_id and position = v_session.current_round;
  return jsonb_set(jsonb_set(v_state, '{session}', (v_state -> 'session') || jsonb_build_object(
      'reviewing', v_session.reviewing and v_session.status = 'open',
      'review_count', private.session_review_count(p_session_id))),
    '{round}', (v_state -> 'round') || jsonb_build_object('clock', private.round_clock(v_round, v_session.closed_at)));
end
$$;

-- How many follow-ups a session reviews: a number only, for everyone in the session.
create function private.session_review_count(p_session_id uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select count(*)::integer from public.follow_up_reviews
  where session_id = p_session_id and p_session_id in (select private.my_session_ids())
$$;
revoke execute on function private.session_review_count(uuid) from public;
grant execute on function private.session_review_count(uuid) to authenticated;

-- The report: as before, plus per dilemma its clock (time planned and spent) and the session's
-- follow-ups (made here, and reviewed here) for the team's members.
create function public.session_report(p_session_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_report jsonb := private.session_report_base(p_session_id, p_lang);
  v_closed_at timestamptz := (select closed_at from public.sessions where id = p_session_id);
begin
  return jsonb_set(v_report, '{rounds}', coalesce((
      select jsonb_agg(e.round || jsonb_build_object('clock', private.round_clock(r, v_closed_at) - 'now') order by e.ord)
      from jsonb_array_elements(v_report -> 'rounds') with ordinality e(round, ord)
      join public.session_rounds r on r.id = (e.round ->> 'id')::uuid), '[]'::jsonb))
    || jsonb_build_object('follow_ups', public.session_follow_ups(p_session_id, p_lang));
end
$$;

-- "My data": as before, plus the follow-ups the person wrote or takes up, with their reviews.
create function public.my_data_export() returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  return private.my_data_export_base() || jsonb_build_object(
    'follow_ups', (select coalesce(jsonb_agg(jsonb_build_object(
                       'id', f.id, 'team_id', f.team_id, 'session_id', f.session_id, 'dilemma_slug', f.dilemma_slug,
                       'body', f.body, 'owner_name', f.owner_name, 'due_on', f.due_on, 'status', f.status,
                       'created_at', f.created_at,
                       'i_wrote_it', f.created_by = v_uid, 'i_take_it_up', f.owner_user_id = v_uid,
                       'reviews', (select coalesce(jsonb_agg(jsonb_build_object(
                                     'session_id', v.session_id, 'outcome', v.outcome, 'note', v.note,
                                     'reviewed_at', v.reviewed_at) order by v.reviewed_at), '[]'::jsonb)
                                   from public.follow_up_reviews v
                                   where v.follow_up_id = f.id and v.outcome is not null))
                     order by f.created_at, f.id), '[]'::jsonb)
                   from private.my_follow_ups() f));
end
$$;

-- The follow-ups a person wrote or takes up, also after leaving the team: they are about them.
create function private.my_follow_ups() returns setof public.follow_ups
language sql stable security definer
set search_path = ''
as $$
  select * from public.follow_ups
  where (select auth.uid()) is not null
    and (created_by = (select auth.uid()) or owner_user_id = (select auth.uid()))
$$;
revoke execute on function private.my_follow_ups() from public;
grant execute on function private.my_follow_ups() to authenticated;

-- Members: the facts the learning agenda ranks, per dilemma of the team's set: the latest session
-- that showed it (with the team's summary there: spread and gap between now and desired), how
-- many sessions ago, and the open follow-ups on it. Statistics as the team profile shows them
-- (round_summary, the team's own revealed rounds).
create function public.team_agenda(p_team_id uuid, p_lang text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_set uuid;
begin
  perform private.require_team_role(p_team_id, 'member');
  if p_lang is null or p_lang not in ('nl', 'en') then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  v_set := private.resolve_set(p_team_id);
  return coalesce((
    with sessions as (
      select s.id, s.held_on, s.created_at,
             row_number() over (order by s.held_on desc, s.created_at desc) as ago
      from public.sessions s where s.team_id = p_team_id),
    latest as (
      select distinct on (r.dilemma_slug) r.dilemma_slug, r.id as round_id, s.held_on, s.ago
      from public.session_rounds r join sessions s on s.id = r.session_id
      where r.revealed_at is not null
      order by r.dilemma_slug, s.held_on desc, s.created_at desc)
    select jsonb_agg(jsonb_build_object(
        'slug', d.slug, 'number', d.number, 'title', d.title,
        'last_held_on', l.held_on, 'sessions_ago', l.ago,
        'summary', case when l.round_id is not null then
          coalesce(private.round_summary(l.round_id, 'after'), private.round_summary(l.round_id, 'before')) end,
        'open_follow_ups', (select count(*) from public.follow_ups f
                            where f.team_id = p_team_id and f.dilemma_slug = d.slug
                              and private.follow_up_is_open(f.status)))
      order by d.number)
    from public.dilemmas d
    left join latest l on l.dilemma_slug = d.slug
    where d.set_id = v_set and d.lang = coalesce(
      (select lang from public.dilemmas where set_id = v_set and lang = p_lang limit 1),
      (select min(lang) from public.dilemmas where set_id = v_set))), '[]'::jsonb);
end
$$;

revoke execute on function public.session_state(uuid, text), public.session_report(uuid, text),
  public.my_data_export(), public.team_agenda(uuid, text) from public, anon;
grant execute on function public.session_state(uuid, text), public.session_report(uuid, text),
  public.my_data_export(), public.team_agenda(uuid, text) to authenticated;
