-- Before joining, a phone shows which session a code belongs to, so nobody creates an identity
-- for a mistyped code. The code itself is the permission; closed sessions are not found.
create function private.join_preview(p_code text) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('session_id', s.id, 'title', s.title, 'team_name', t.name)
  from public.sessions s join public.teams t on t.id = s.team_id
  where s.join_code = upper(btrim(p_code)) and s.status = 'open'
$$;
revoke execute on function private.join_preview(text) from public;
grant execute on function private.join_preview(text) to anon, authenticated;

-- Anyone with a code, signed in or not: the session's title and team, or 404.
create function public.join_preview(p_code text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_preview jsonb := private.join_preview(p_code);
begin
  if v_preview is null then
    raise exception 'join_code_unknown' using errcode = 'P0002';
  end if;
  return v_preview;
end
$$;
revoke execute on function public.join_preview(text) from public;
grant execute on function public.join_preview(text) to anon, authenticated;
