-- Supabase as it really runs (issue #12). Fixes three things the shim used to hide:
--
-- 1. With no claims, Supabase's auth.role() is NULL, and `NULL <> 'service_role'` is not true,
--    so import_dilemma_set let a caller without a role install a built-in set. Its checks are
--    null-safe now (`is distinct from`; a NULL list of dilemmas is invalid_input, not a 23502).
-- 2. Supabase Auth scans confirmation_token, recovery_token, email_change_token_new and
--    email_change of auth.users into plain strings; the placeholder that account deletion writes
--    left them NULL, which breaks sign-in and the dashboard's user list. It writes '' now, and
--    rows already written with NULL (placeholders, earlier seeds) are repaired.
-- 3. Two policy names were longer than 63 bytes and so were cut short by PostgreSQL; they get
--    names that fit.

-- 1. ------------------------------------------------------------------------------------------

-- Facilitators (for their team) and the server's service role (for the built-in set): import
-- a validated set. Importing content that is already there returns the existing set.
create or replace function public.import_dilemma_set(p_team_id uuid, p_name text, p_fingerprint text,
                                                     p_dilemmas jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_set public.dilemma_sets;
  v_languages text[];
begin
  if p_team_id is null then
    if auth.role() is distinct from 'service_role' then
      raise exception 'forbidden' using errcode = '42501';
    end if;
  else
    perform private.require_team_role(p_team_id, 'facilitator');
  end if;
  if jsonb_typeof(p_dilemmas) is distinct from 'array' or jsonb_array_length(p_dilemmas) = 0 then
    raise exception 'invalid_input' using errcode = '22023';
  end if;

  select * into v_set from public.dilemma_sets
  where fingerprint = p_fingerprint and team_id is not distinct from p_team_id;
  if v_set.id is not null then
    return jsonb_build_object('id', v_set.id, 'version', v_set.version, 'created', false);
  end if;

  select array_agg(distinct value ->> 'language' order by value ->> 'language' desc)
  into v_languages from jsonb_array_elements(p_dilemmas);

  insert into public.dilemma_sets (team_id, name, version, fingerprint, languages)
  values (p_team_id, btrim(p_name),
          1 + (select count(*) from public.dilemma_sets where team_id is not distinct from p_team_id),
          p_fingerprint, v_languages)
  returning * into v_set;

  insert into public.dilemmas (set_id, slug, lang, number, theme, title, pole_left, pole_right,
                               summary, body_md, team_questions, reflection_questions)
  select v_set.id, d.slug, d.language, d.number, d.theme, d.title, d.pole_left, d.pole_right,
         d.summary, d.body, d.team_questions, d.reflection_questions
  from jsonb_to_recordset(p_dilemmas) as d(slug text, language text, number integer, theme text,
       title text, pole_left text, pole_right text, summary text, body text,
       team_questions text[], reflection_questions text[]);

  return jsonb_build_object('id', v_set.id, 'version', v_set.version, 'created', true);
end
$$;

-- 2. ------------------------------------------------------------------------------------------

-- Before an auth user is deleted: see the header of migration 20261123160000. Unchanged but for
-- the placeholder's string columns.
create or replace function private.anonymise_deleted_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_placeholder uuid;
begin
  if old.raw_app_meta_data ->> 'provider' = 'deleted' then
    -- A placeholder is not a person: nothing to hand on (RESTRICT guards what it holds).
    return old;
  end if;

  delete from public.teams t
  where t.id in (select m.team_id from public.team_members m where m.user_id = old.id)
    and not exists (select 1 from public.team_members o where o.team_id = t.id and o.user_id <> old.id);

  update public.team_members m set role = 'facilitator'
  from (
    select distinct on (other.team_id) other.team_id, other.user_id
    from public.team_members mine
    join public.team_members other on other.team_id = mine.team_id and other.user_id <> old.id
    where mine.user_id = old.id and mine.role = 'facilitator'
      and not exists (select 1 from public.team_members f
                      where f.team_id = mine.team_id and f.user_id <> old.id and f.role = 'facilitator')
    order by other.team_id, other.joined_at, other.user_id
  ) heir
  where m.team_id = heir.team_id and m.user_id = heir.user_id;

  if exists (select 1 from public.positions where user_id = old.id)
     or exists (select 1 from public.session_participants where user_id = old.id) then
    v_placeholder := gen_random_uuid();
    insert into auth.users (id, instance_id, aud, role, raw_app_meta_data, raw_user_meta_data,
                            is_anonymous, created_at, updated_at,
                            confirmation_token, recovery_token, email_change_token_new, email_change)
    values (v_placeholder, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
            '{"provider":"deleted","providers":[]}', '{"display_name":"Anoniem"}', false, now(), now(),
            '', '', '', '');
    update public.session_participants set user_id = v_placeholder, display_name = 'Anoniem'
    where user_id = old.id;
    update public.positions set user_id = v_placeholder where user_id = old.id;
  end if;
  return old;
end
$$;

-- Rows written before this migration. Supabase Auth itself never writes NULL here.
update auth.users
set confirmation_token = coalesce(confirmation_token, ''),
    recovery_token = coalesce(recovery_token, ''),
    email_change_token_new = coalesce(email_change_token_new, ''),
    email_change = coalesce(email_change, '')
where confirmation_token is null or recovery_token is null
   or email_change_token_new is null or email_change is null;

-- 3. ------------------------------------------------------------------------------------------

-- The names as PostgreSQL stored them: the first 63 bytes of what migration 20261123160000 wrote.
alter policy "authors write their own reflections, shared only with their tea" on public.reflections
  rename to "authors write their reflections, shared only with their teams";
alter policy "authors change their own reflections, shared only with their te" on public.reflections
  rename to "authors change their reflections, shared only with their teams";
