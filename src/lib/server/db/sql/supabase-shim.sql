-- What Supabase provides and plain PostgreSQL / PGlite lack: the auth schema, auth.users,
-- auth.uid()/auth.jwt()/auth.role() and the three API roles. Applied only off Supabase, before
-- the migrations, so the same migrations and RLS policies run on every backend.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

-- The connecting role must be able to switch to the API roles ("set local role"), as PostgREST's
-- authenticator can. A superuser can already; elsewhere this grant makes it so.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;
end
$$;

create schema if not exists auth;
create schema if not exists extensions;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema extensions to anon, authenticated, service_role;

-- The subset of Supabase's auth.users that the product reads or the seed writes.
create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  instance_id uuid,
  aud text default 'authenticated',
  role text default 'authenticated',
  email text,
  encrypted_password text,
  email_confirmed_at timestamptz,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  is_anonymous boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);
create unique index if not exists users_email_key on auth.users (lower(email)) where email is not null;

-- The string columns Supabase Auth scans into plain Go strings, with Supabase's types and
-- defaults: NULL in any of them makes sign-in and the dashboard's user list fail. The first four
-- have no default on Supabase either, so a row written without them is NULL here too, and the
-- tests catch it (tests/db/23-supabase-as-it-runs.test.ts).
alter table auth.users
  add column if not exists confirmation_token varchar(255),
  add column if not exists recovery_token varchar(255),
  add column if not exists email_change_token_new varchar(255),
  add column if not exists email_change varchar(255),
  add column if not exists email_change_token_current varchar(255) default '',
  add column if not exists email_change_confirm_status smallint default 0,
  add column if not exists phone text default null,
  add column if not exists phone_change text default '',
  add column if not exists phone_change_token varchar(255) default '',
  add column if not exists reauthentication_token varchar(255) default '';

-- Local sessions (embedded and PostgreSQL modes): only a hash of the cookie token is stored.
create table if not exists auth.local_sessions (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists local_sessions_user_id_idx on auth.local_sessions (user_id);

-- A session that ends (a logout, an account deleted with its sessions) is announced with the
-- person's id, so a server that remembers cookies forgets theirs before the call returns
-- (LocalAuthStore.followSessionEnds). One notification per person and transaction.
create or replace function auth.announce_session_end() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('werkplaats_auth', old.user_id::text);
  return null;
end
$$;
drop trigger if exists announce_session_end on auth.local_sessions;
create trigger announce_session_end after delete on auth.local_sessions
  for each row execute function auth.announce_session_end();

-- Deny by default: only the server's own connection (the table owner) reads these.
alter table auth.users enable row level security;
alter table auth.local_sessions enable row level security;
revoke all on auth.users, auth.local_sessions from anon, authenticated;

-- As Supabase Auth defines them: NULL when no claims are set (a superuser's own connection, a
-- migration, a request without a token). request.jwt.claims reads '' (not NULL) after a
-- transaction that set it locally, hence nullif.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                  nullif(current_setting('request.jwt.claims', true), ''))::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- A new Supabase project's grants and default privileges, exactly as its init scripts set them
-- for the role that runs migrations (postgres there, the connecting role here): the API roles may
-- use schema public, and every table, sequence and function created in it is granted to them in
-- full (tables: ALL, TRUNCATE, REFERENCES and TRIGGER included). The migrations must close what
-- they do not mean to open, here as on Supabase. Only on a new database: the migrations change
-- these defaults afterwards, and the shim runs again at every start.
do $$
begin
  if to_regclass('supabase_migrations.schema_migrations') is null then
    grant usage on schema public to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
  end if;
end
$$;
