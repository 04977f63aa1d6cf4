-- Only the SQL functions are on the Data API (issue #12, finding 4).
--
-- PostgREST serves every table of the exposed schema (public) at /rest/v1/<table>, and a Supabase
-- project's default privileges grant anon and authenticated ALL on each of them. RLS decides
-- which rows a person may write, not the rules the functions keep, so through plain table writes
-- a facilitator could point a session at another team's private set (and read its text through
-- session_state), make another team's set their active set, give an invite a token, expiry and
-- creator of their choosing, change a session's creator or join code, or delete invites; a
-- member could write a position with a desired value the session does not ask for and a revision
-- of their choosing, or TRUNCATE positions (RLS does not govern TRUNCATE).
--
-- The fix: the tables (and the revision sequence) move to schema app, which PostgREST does not
-- serve (config.toml [api] schemas = ["public"]). The functions in public stay security invoker
-- and keep working, because the API roles keep usage of app and exactly the table privileges the
-- shim always gave them (the ones the access matrix specifies); RLS still governs every row they
-- touch. Every function body that names a moved relation is rewritten from its definition in the
-- catalog, so tables a parallel migration added to public before this one move with the rest.
-- TRUNCATE, REFERENCES and TRIGGER go from the API roles everywhere, and a table a later
-- migration creates in public or app starts with no privileges for them at all.

create schema if not exists app;
comment on schema app is 'The tables. Not served by PostgREST: the SQL functions in public are the API.';
grant usage on schema app to anon, authenticated, service_role;

do $$
declare
  v_names text;
  v_rel record;
  v_fn record;
  v_old text;
  v_new text;
begin
  select string_agg(c.relname, '|') into v_names
  from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
    and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'));
  if v_names is null then
    return;
  end if;

  for v_rel in
    select c.relname, c.relkind from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
  loop
    execute format(
      case v_rel.relkind
        when 'v' then 'alter view public.%I set schema app'
        when 'm' then 'alter materialized view public.%I set schema app'
        when 'S' then 'alter sequence public.%I set schema app'
        else 'alter table public.%I set schema app'
      end, v_rel.relname);
  end loop;

  -- Function bodies are kept as text: a name such as public.sessions in one would no longer be found.
  for v_fn in
    select p.oid from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace) and p.prokind in ('f', 'p')
  loop
    v_old := pg_get_functiondef(v_fn.oid);
    v_new := regexp_replace(v_old, '\mpublic\.(' || v_names || ')\M', 'app.\1', 'g');
    if v_new <> v_old then
      execute v_new;
    end if;
  end loop;

  if exists (select 1 from pg_proc p
             where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
               and p.prokind in ('f', 'p')
               and pg_get_functiondef(p.oid) ~ ('\mpublic\.(' || v_names || ')\M')) then
    raise exception 'a function still names a relation that moved to schema app';
  end if;
end
$$;

-- No TRUNCATE, REFERENCES or TRIGGER for the API roles on any relation, wherever it lives.
do $$
declare
  v_rel record;
begin
  for v_rel in
    select c.oid::regclass as name from pg_class c
    where c.relnamespace in ('public'::regnamespace, 'app'::regnamespace) and c.relkind in ('r', 'p', 'v', 'm', 'f')
  loop
    execute format('revoke truncate, references, trigger on %s from anon, authenticated, service_role', v_rel.name);
  end loop;
end
$$;

-- The tables of this project get exactly the privileges the access matrix specifies (what the
-- shim gave them all along): Supabase's defaults had granted the API roles ALL on each.
revoke all on app.profiles, app.teams, app.team_members, app.team_invites, app.team_removals,
  app.dilemma_sets, app.dilemmas, app.sessions, app.session_rounds, app.session_participants,
  app.positions, app.reflections, app.networks, app.network_coordinators, app.network_teams,
  app.network_cells, app.network_period_cells, app.network_readings, app.network_aggregates
  from anon, authenticated, service_role;
revoke all on sequence app.position_revision from anon, authenticated, service_role;

grant select on app.dilemma_sets, app.dilemmas to anon;
grant select, insert on app.dilemma_sets, app.dilemmas to authenticated, service_role;
grant select, update on app.profiles to authenticated;
grant select, insert, update on app.teams, app.team_invites, app.sessions, app.session_rounds, app.positions to authenticated;
grant select, delete on app.team_members to authenticated;
grant update (role) on app.team_members to authenticated;
grant select on app.team_removals, app.session_participants to authenticated;
grant update (display_name) on app.session_participants to authenticated;
grant select, insert, delete on app.reflections to authenticated;
grant update (body_md, desired, is_draft, shared_at, shared_with_team_id, updated_at, value, version)
  on app.reflections to authenticated;
grant select on app.networks, app.network_coordinators, app.network_teams, app.network_cells,
  app.network_period_cells, app.network_readings, app.network_aggregates to authenticated;
grant usage on sequence app.position_revision to authenticated;

-- Later tables start closed: no privileges for the API roles until a migration grants them.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema app revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema app revoke all on sequences from anon, authenticated, service_role;
