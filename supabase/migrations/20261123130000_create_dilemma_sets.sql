-- Dilemma sets: the built-in twenty (team_id null, readable by everyone) and sets a team imports.
-- Rows are never edited: a changed text is a new set (a new version) with new dilemma rows, so
-- every position recorded against a dilemma keeps pointing at the words people answered.
-- Across versions a dilemma is the same when its slug is the same.

create table public.dilemma_sets (
  id uuid primary key default gen_random_uuid(),
  team_id uuid references public.teams (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 2 and 120),
  version integer not null check (version >= 1),
  fingerprint text not null check (fingerprint ~ '^[a-f0-9]{64}$'),
  languages text[] not null check (languages <@ array['nl', 'en'] and cardinality(languages) >= 1),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
alter table public.dilemma_sets enable row level security;
create index dilemma_sets_team_id_idx on public.dilemma_sets (team_id);
create index dilemma_sets_created_by_idx on public.dilemma_sets (created_by);
-- The same content is imported once per owner (re-importing is a no-op, not a new version).
create unique index dilemma_sets_builtin_fingerprint_key on public.dilemma_sets (fingerprint) where team_id is null;
create unique index dilemma_sets_team_fingerprint_key on public.dilemma_sets (team_id, fingerprint) where team_id is not null;

create table public.dilemmas (
  id uuid primary key default gen_random_uuid(),
  set_id uuid not null references public.dilemma_sets (id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) between 3 and 60),
  lang text not null check (lang in ('nl', 'en')),
  number integer not null check (number between 1 and 99),
  theme text not null check (char_length(theme) between 2 and 80),
  title text not null check (char_length(title) between 3 and 80),
  pole_left text not null check (char_length(pole_left) between 2 and 60),
  pole_right text not null check (char_length(pole_right) between 2 and 60),
  summary text not null check (char_length(summary) between 20 and 280),
  body_md text not null check (char_length(body_md) between 300 and 6000),
  team_questions text[] not null check (cardinality(team_questions) between 1 and 5),
  reflection_questions text[] not null check (cardinality(reflection_questions) between 1 and 4),
  unique (set_id, lang, slug),
  unique (set_id, lang, number)
);
alter table public.dilemmas enable row level security;
create index dilemmas_slug_idx on public.dilemmas (slug);

-- Which set a team works with; null means the newest built-in set.
alter table public.teams add column active_set_id uuid references public.dilemma_sets (id) on delete set null;
create index teams_active_set_id_idx on public.teams (active_set_id);

-- Policies -------------------------------------------------------------------------------------

-- The built-in set is public (the library works without an account); a team's own set is for its members.
create policy "everyone reads built-in sets, members their team's sets" on public.dilemma_sets
  for select to anon, authenticated
  using (team_id is null or team_id in (select private.my_team_ids()));
create policy "facilitators add sets to their team" on public.dilemma_sets
  for insert to authenticated
  with check (team_id in (select private.my_facilitated_team_ids()) and created_by = (select auth.uid()));

create policy "dilemmas are readable where their set is" on public.dilemmas
  for select to anon, authenticated
  using (set_id in (select s.id from public.dilemma_sets s));
create policy "facilitators add dilemmas to their team's sets" on public.dilemmas
  for insert to authenticated
  with check (set_id in (select s.id from public.dilemma_sets s
                         where s.team_id in (select private.my_facilitated_team_ids())));

grant select on public.dilemma_sets, public.dilemmas to anon, authenticated;
grant insert on public.dilemma_sets, public.dilemmas to authenticated;
grant select, insert on public.dilemma_sets, public.dilemmas to service_role;

-- The data API ---------------------------------------------------------------------------------

-- The set a reader sees: the team's active set if a team is given (members only), else the
-- newest built-in set.
create function private.resolve_set(p_team_id uuid) returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_set uuid;
begin
  if p_team_id is not null then
    perform private.require_team_role(p_team_id, 'member');
    select active_set_id into v_set from public.teams where id = p_team_id;
  end if;
  if v_set is null then
    select id into v_set from public.dilemma_sets where team_id is null
    order by version desc, created_at desc limit 1;
  end if;
  return v_set;
end
$$;
grant execute on function private.resolve_set(uuid) to anon, authenticated;
-- require_team_role is called from resolve_set by visitors too (it then raises team_not_found).
grant execute on function private.require_team_role(uuid, text) to anon;

create function private.dilemma_json(d public.dilemmas) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id, 'slug', d.slug, 'lang', d.lang, 'number', d.number, 'theme', d.theme,
    'title', d.title, 'pole_left', d.pole_left, 'pole_right', d.pole_right, 'summary', d.summary,
    'body_md', d.body_md, 'team_questions', to_jsonb(d.team_questions),
    'reflection_questions', to_jsonb(d.reflection_questions))
$$;
grant execute on function private.dilemma_json(public.dilemmas) to anon, authenticated;

-- Anyone: the library — every dilemma of the resolved set in the requested language, or in the
-- set's first language when it has no such translation.
create function public.dilemma_library(p_lang text, p_team_id uuid default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_set public.dilemma_sets;
  v_lang text;
begin
  if p_lang is null or p_lang not in ('nl', 'en') then
    raise exception 'invalid_locale' using errcode = '22023';
  end if;
  select * into v_set from public.dilemma_sets where id = private.resolve_set(p_team_id);
  if v_set.id is null then
    raise exception 'dilemma_set_not_found' using errcode = 'P0002';
  end if;
  v_lang := case when p_lang = any (v_set.languages) then p_lang else v_set.languages[1] end;
  return jsonb_build_object(
    'set', jsonb_build_object('id', v_set.id, 'name', v_set.name, 'version', v_set.version,
                              'team_id', v_set.team_id, 'languages', to_jsonb(v_set.languages),
                              'lang', v_lang),
    'dilemmas', coalesce((select jsonb_agg(private.dilemma_json(d) order by d.number)
                          from public.dilemmas d where d.set_id = v_set.id and d.lang = v_lang),
                         '[]'::jsonb));
end
$$;

-- Anyone: one dilemma of the resolved set, by slug.
create function public.dilemma_detail(p_slug text, p_lang text, p_team_id uuid default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_library jsonb := public.dilemma_library(p_lang, p_team_id);
  v_dilemma jsonb;
begin
  select value into v_dilemma from jsonb_array_elements(v_library -> 'dilemmas')
  where value ->> 'slug' = p_slug;
  if v_dilemma is null then
    raise exception 'dilemma_not_found' using errcode = 'P0002';
  end if;
  return jsonb_build_object('set', v_library -> 'set', 'dilemma', v_dilemma);
end
$$;

-- Facilitators (for their team) and the server's service role (for the built-in set): import
-- a validated set. Importing content that is already there returns the existing set.
create function public.import_dilemma_set(p_team_id uuid, p_name text, p_fingerprint text,
                                          p_dilemmas jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_set public.dilemma_sets;
  v_languages text[];
begin
  if p_team_id is null then
    if auth.role() <> 'service_role' then
      raise exception 'forbidden' using errcode = '42501';
    end if;
  else
    perform private.require_team_role(p_team_id, 'facilitator');
  end if;
  if jsonb_typeof(p_dilemmas) <> 'array' or jsonb_array_length(p_dilemmas) = 0 then
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

-- Members: the sets their team can choose from (built-in and its own), marking the active one.
create function public.team_dilemma_sets(p_team_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_active uuid;
begin
  perform private.require_team_role(p_team_id, 'member');
  v_active := private.resolve_set(p_team_id);
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', s.id, 'name', s.name, 'version', s.version, 'builtin', s.team_id is null,
        'languages', to_jsonb(s.languages), 'created_at', s.created_at,
        'active', s.id = v_active,
        'dilemma_count', (select count(distinct d.slug) from public.dilemmas d where d.set_id = s.id))
      order by s.team_id nulls first, s.version desc)
    from public.dilemma_sets s
    where s.team_id = p_team_id
       or (s.team_id is null and s.version = (select max(version) from public.dilemma_sets where team_id is null))),
    '[]'::jsonb);
end
$$;

-- Facilitators: choose the set their team works with (their own, or the built-in one).
create function public.activate_dilemma_set(p_team_id uuid, p_set_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_owner uuid;
  v_found boolean;
begin
  perform private.require_team_role(p_team_id, 'facilitator');
  select true, team_id into v_found, v_owner from public.dilemma_sets where id = p_set_id;
  if v_found is null or (v_owner is not null and v_owner <> p_team_id) then
    raise exception 'dilemma_set_not_found' using errcode = 'P0002';
  end if;
  -- Choosing the built-in set stores null, so the team follows future built-in versions.
  update public.teams set active_set_id = case when v_owner is null then null else p_set_id end
  where id = p_team_id;
end
$$;

revoke execute on function public.dilemma_library(text, uuid), public.dilemma_detail(text, text, uuid),
  public.import_dilemma_set(uuid, text, text, jsonb), public.team_dilemma_sets(uuid),
  public.activate_dilemma_set(uuid, uuid) from public;
grant execute on function public.dilemma_library(text, uuid), public.dilemma_detail(text, text, uuid)
  to anon, authenticated;
grant execute on function public.import_dilemma_set(uuid, text, text, jsonb) to authenticated, service_role;
grant execute on function public.team_dilemma_sets(uuid), public.activate_dilemma_set(uuid, uuid)
  to authenticated;
