-- A facilitator who removes someone means it: an invite link that was already going round (links
-- are multi-use for 14 days) must not let that person straight back in. Removals are remembered;
-- only an invite created after the removal readmits them.

create table public.team_removals (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  removed_by uuid references auth.users (id) on delete set null,
  removed_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
alter table public.team_removals enable row level security;
create index team_removals_user_id_idx on public.team_removals (user_id);
create index team_removals_removed_by_idx on public.team_removals (removed_by);

create policy "facilitators see who was removed from their team" on public.team_removals
  for select to authenticated using (team_id in (select private.my_facilitated_team_ids()));
grant select on public.team_removals to authenticated;

-- Recorded by a trigger, so every path that removes someone else (the API, a direct delete a
-- facilitator may do under RLS) counts; leaving a team oneself is not a removal.
create function private.remember_removal() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is not null and (select auth.uid()) <> old.user_id
     and exists (select 1 from public.teams where id = old.team_id) then
    insert into public.team_removals (team_id, user_id, removed_by)
    values (old.team_id, old.user_id, (select auth.uid()))
    on conflict (team_id, user_id) do update set removed_by = excluded.removed_by, removed_at = now();
  end if;
  return old;
end
$$;
create trigger remember_removal after delete on public.team_members
  for each row execute function private.remember_removal();

create or replace function private.accept_invite(p_token text) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_invite public.team_invites;
begin
  -- Also checked by the public wrapper; repeated here because this one writes past RLS.
  if not (select private.is_member_account()) then
    raise exception 'account_required' using errcode = '42501';
  end if;
  select * into v_invite from public.team_invites where token = p_token for update;
  if v_invite.id is null then
    raise exception 'invite_not_found' using errcode = 'P0002';
  end if;
  if v_invite.revoked_at is not null or v_invite.expires_at <= now() then
    raise exception 'invite_expired' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.team_removals r
             where r.team_id = v_invite.team_id and r.user_id = (select auth.uid())
               and r.removed_at >= v_invite.created_at) then
    raise exception 'removed_from_team' using errcode = 'P0001';
  end if;
  insert into public.team_members (team_id, user_id, role)
  values (v_invite.team_id, (select auth.uid()), v_invite.role)
  on conflict (team_id, user_id) do nothing;
  if found then
    update public.team_invites set accepted_count = accepted_count + 1 where id = v_invite.id;
    delete from public.team_removals where team_id = v_invite.team_id and user_id = (select auth.uid());
  end if;
  return v_invite.team_id;
end
$$;
