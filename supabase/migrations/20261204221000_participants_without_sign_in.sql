-- Joining a session by code without a Supabase Auth call per phone (issue #12, finding 5).
--
-- Supabase Auth limits anonymous sign-ins per client address (30 an hour on a new project), and
-- the app's server makes those calls, so every room of every team shared the server's one budget;
-- even forwarding each phone's address (Sb-Forwarded-For, which needs a secret key and is off by
-- default) leaves a room of phones on one Wi-Fi with one address and 30 sign-ins an hour.
-- Instead, when the server holds the project's JWT secret, it creates the participant's identity
-- itself: this function (service role only) writes an anonymous auth.users row, as Supabase Auth
-- does for signInAnonymously, and the server signs the participant's access token with the same
-- claims Supabase Auth would give it (role authenticated, sub, is_anonymous true). The same RLS
-- applies; the profile comes from the usual trigger. The server's own join brake (per address and
-- per session, after a right code) is what limits this, so no team shares a budget with another.

create function private.create_participant_identity(p_display_name text, p_locale text) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := gen_random_uuid();
begin
  -- '' and not NULL in the string columns Supabase Auth scans (see 20261204190000).
  insert into auth.users (id, instance_id, aud, role, raw_app_meta_data, raw_user_meta_data,
                          is_anonymous, created_at, updated_at,
                          confirmation_token, recovery_token, email_change_token_new, email_change)
  values (v_id, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
          '{"provider":"werkplaats_participant","providers":[]}',
          jsonb_build_object('display_name', p_display_name, 'locale', p_locale),
          true, now(), now(), '', '', '', '');
  return v_id;
end
$$;
revoke execute on function private.create_participant_identity(text, text) from public, anon, authenticated;
grant execute on function private.create_participant_identity(text, text) to service_role;

-- The server itself (service role), for a person who gave a right join code: a new anonymous
-- participant identity. Returns its id; the server signs the token.
create function public.register_participant(p_display_name text, p_locale text) returns uuid
language plpgsql
set search_path = ''
as $$
begin
  if auth.role() is distinct from 'service_role' then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if char_length(btrim(coalesce(p_display_name, ''))) not between 1 and 40 then
    raise exception 'participant_name_length' using errcode = '22023';
  end if;
  if p_locale is null or p_locale not in ('nl', 'en') then
    raise exception 'invalid_input' using errcode = '22023';
  end if;
  return private.create_participant_identity(btrim(p_display_name), p_locale);
end
$$;
revoke execute on function public.register_participant(text, text) from public, anon, authenticated;
grant execute on function public.register_participant(text, text) to service_role;
