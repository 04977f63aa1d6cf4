-- Brakes shared on Supabase too (issue #15, "when one server is not enough").
--
-- On PostgreSQL every app server counts its brakes here through its own connection
-- (20261204230000_shared_limits.sql): a guess claims its keys, is checked and counted inside one
-- transaction, which holds the keys' rows locked. On Supabase the servers reach the database only
-- through the Data API, one request per call, so no transaction can span the check. There a guess
-- reserves its keys first (a reservation counts against the limit while it is open, so parallel
-- guesses on several servers can never look up more than the limit allows) and settles after the
-- check: a wrong guess becomes a hit, a right one costs nothing. Each server still checks the
-- guesses on one key one at a time, so a room with the right code is not held up by its own
-- reservations (src/lib/server/limits-over-api.ts).
--
-- Only the server itself (service_role) may call any of this; the API roles can neither call it
-- nor read the rows.

-- Open reservations: one row per key of a guess being checked. A server that stops mid-check
-- leaves its rows behind; they lapse at expires_at (then they no longer count).
create table private.limit_reservations (
  id uuid not null,
  key text not null check (length(key) <= 300),
  expires_at timestamptz not null,
  primary key (id, key)
);
create index limit_reservations_key_idx on private.limit_reservations (key, expires_at);
alter table private.limit_reservations enable row level security;
revoke all on private.limit_reservations from public, anon, authenticated;
comment on table private.limit_reservations is
  'Guesses being checked, per key, counted against the limit until settled (server connection and service role only).';

-- Reserves one guess on every key, or none: 'blocked' when a key has used up its wrong guesses in
-- its window, 'busy' when the open reservations would take a key past it (the caller waits and
-- asks again), else 'reserved' with the reservation's id. The keys are claimed as limit_claim
-- claims them (rows locked in one order, so two reservations never wait on each other crosswise).
create function private.limit_reserve(p_keys text[], p_limits integer[], p_hold interval) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if private.limit_claim(p_keys, p_limits) then
    return jsonb_build_object('state', 'blocked', 'reservation', null);
  end if;
  if exists (
    select 1
    from unnest(p_keys, p_limits) as l(key, lim)
    join private.limit_windows w on w.key = l.key
    where case when w.window_end > now() then w.hits else 0 end
          + (select count(*) from private.limit_reservations r
             where r.key = l.key and r.expires_at > clock_timestamp()) >= l.lim
  ) then
    return jsonb_build_object('state', 'busy', 'reservation', null);
  end if;
  v_id := gen_random_uuid();
  insert into private.limit_reservations (id, key, expires_at)
  select v_id, k, clock_timestamp() + p_hold from unnest(p_keys) k;
  return jsonb_build_object('state', 'reserved', 'reservation', v_id);
end
$$;

-- Ends a reservation; a wrong guess counts one hit on each of its keys (the keys it reserved, not
-- ones the caller names now). A reservation that is gone (swept long after it lapsed) counts
-- nothing.
create function private.limit_settle(p_reservation uuid, p_wrong boolean, p_window interval) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_keys text[];
begin
  with gone as (
    delete from private.limit_reservations where id = p_reservation returning key
  )
  select array_agg(key order by key) into v_keys from gone;
  if p_wrong and v_keys is not null then
    perform private.limit_count(v_keys, array_fill(0, array[cardinality(v_keys)]), p_window);
  end if;
end
$$;

-- The sweep clears lapsed reservations too. The server's own connection calls the older
-- functions as their owner; the service role reaches them through the doors below.
create or replace function private.limit_sweep() returns void
language sql security definer
set search_path = ''
as $$
  delete from private.limit_windows where window_end < now() - interval '1 hour';
  delete from private.limit_buckets where taken_at < now() - interval '1 hour';
  delete from private.limit_reservations where expires_at < now() - interval '1 hour';
$$;
alter function private.limit_count(text[], integer[], interval) security definer;
alter function private.limit_take(text[], double precision[], double precision[]) security definer;

revoke execute on function private.limit_reserve(text[], integer[], interval),
  private.limit_settle(uuid, boolean, interval), private.limit_sweep(),
  private.limit_count(text[], integer[], interval),
  private.limit_take(text[], double precision[], double precision[])
  from public, anon, authenticated;
grant execute on function private.limit_reserve(text[], integer[], interval),
  private.limit_settle(uuid, boolean, interval), private.limit_sweep(),
  private.limit_count(text[], integer[], interval),
  private.limit_take(text[], double precision[], double precision[])
  to service_role;

-- The Data API's doors (security invoker, as every function in public): the server itself only.

create function public.limit_reserve(p_keys text[], p_limits integer[], p_hold_seconds integer) returns jsonb
language sql
set search_path = ''
as $$
  select private.limit_reserve(p_keys, p_limits, make_interval(secs => p_hold_seconds))
$$;

create function public.limit_settle(p_reservation uuid, p_wrong boolean, p_window_seconds integer) returns void
language sql
set search_path = ''
as $$
  select private.limit_settle(p_reservation, p_wrong, make_interval(secs => p_window_seconds))
$$;

-- One hit on every key (sign-ups per address); the hits left before the tightest limit.
create function public.limit_hit(p_keys text[], p_limits integer[], p_window_seconds integer) returns integer
language sql
set search_path = ''
as $$
  select private.limit_count(p_keys, p_limits, make_interval(secs => p_window_seconds))
$$;

-- One token from every key's bucket, or none (joins per address and session).
create function public.limit_take(p_keys text[], p_bursts numeric[], p_rates numeric[]) returns boolean
language sql
set search_path = ''
as $$
  select private.limit_take(p_keys, p_bursts::double precision[], p_rates::double precision[])
$$;

create function public.limit_sweep() returns void
language sql
set search_path = ''
as $$
  select private.limit_sweep()
$$;

revoke execute on function public.limit_reserve(text[], integer[], integer),
  public.limit_settle(uuid, boolean, integer), public.limit_hit(text[], integer[], integer),
  public.limit_take(text[], numeric[], numeric[]), public.limit_sweep()
  from public, anon, authenticated;
grant execute on function public.limit_reserve(text[], integer[], integer),
  public.limit_settle(uuid, boolean, integer), public.limit_hit(text[], integer[], integer),
  public.limit_take(text[], numeric[], numeric[]), public.limit_sweep()
  to service_role;
