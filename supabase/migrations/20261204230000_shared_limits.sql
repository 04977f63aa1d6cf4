-- Brakes shared by every app server on one database (issue #15, "when one server is not enough").
--
-- The limits on wrong join codes, wrong passwords, sign-ups and joins were counted in each
-- server's memory, so N servers behind a load balancer allowed N times the guesses. Where several
-- servers share PostgreSQL they now count here (src/lib/server/shared-limits.ts), through the
-- servers' own connection only: the API roles can neither read nor touch these rows. The
-- embedded mode (one server by design) keeps counting in memory.

-- Fixed windows: how many hits a key had since its window opened.
create table private.limit_windows (
  key text primary key check (length(key) <= 300),
  hits integer not null,
  window_end timestamptz not null
);

-- Token buckets: a key's tokens when last taken from.
create table private.limit_buckets (
  key text primary key check (length(key) <= 300),
  tokens double precision not null,
  taken_at timestamptz not null
);

alter table private.limit_windows enable row level security;
alter table private.limit_buckets enable row level security;
revoke all on private.limit_windows, private.limit_buckets from public, anon, authenticated;

comment on table private.limit_windows is 'Wrong guesses and sign-ups per key, shared by every app server (server connection only).';
comment on table private.limit_buckets is 'Join allowances per address and session, shared by every app server (server connection only).';

-- Claims the keys for one guess: their rows exist and are locked until the caller's transaction
-- ends, in one order (so two guesses never wait on each other crosswise). Guesses on a key are
-- thereby checked one at a time across all servers. True when any key has used up its limit.
create function private.limit_claim(p_keys text[], p_limits integer[]) returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_blocked boolean;
begin
  insert into private.limit_windows (key, hits, window_end)
  select k, 0, now() from unnest(p_keys) k
  on conflict (key) do nothing;
  perform 1 from private.limit_windows where key = any (p_keys) order by key for update;
  select coalesce(bool_or(w.hits >= l.lim and w.window_end > now()), false) into v_blocked
  from unnest(p_keys, p_limits) as l(key, lim)
  join private.limit_windows w on w.key = l.key;
  return v_blocked;
end
$$;

-- Counts one hit on each key; a key whose window has passed starts a new one. Returns the
-- smallest number of hits left before any key's limit (negative: over it).
create function private.limit_count(p_keys text[], p_limits integer[], p_window interval) returns integer
language sql
set search_path = ''
as $$
  with counted as (
    insert into private.limit_windows as w (key, hits, window_end)
    select k, 1, now() + p_window from unnest(p_keys) k
    on conflict (key) do update
      set hits = case when w.window_end <= now() then 1 else w.hits + 1 end,
          window_end = case when w.window_end <= now() then now() + p_window else w.window_end end
    returning w.key, w.hits)
  select min(l.lim - c.hits)::integer
  from counted c join unnest(p_keys, p_limits) as l(key, lim) on l.key = c.key
$$;

-- Takes one token from every key's bucket when each has one, else from none. A bucket refills
-- at its rate up to its burst; a key never seen starts full.
create function private.limit_take(p_keys text[], p_bursts double precision[], p_rates double precision[])
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_short boolean;
begin
  insert into private.limit_buckets (key, tokens, taken_at)
  select k, b, clock_timestamp() from unnest(p_keys, p_bursts) as x(k, b)
  on conflict (key) do nothing;
  perform 1 from private.limit_buckets where key = any (p_keys) order by key for update;
  select coalesce(bool_or(least(x.burst, b.tokens + extract(epoch from clock_timestamp() - b.taken_at) * x.rate) < 1), true)
  into v_short
  from unnest(p_keys, p_bursts, p_rates) as x(key, burst, rate)
  join private.limit_buckets b on b.key = x.key;
  if v_short then
    return false;
  end if;
  update private.limit_buckets b
  set tokens = least(x.burst, b.tokens + extract(epoch from clock_timestamp() - b.taken_at) * x.rate) - 1,
      taken_at = clock_timestamp()
  from unnest(p_keys, p_bursts, p_rates) as x(key, burst, rate)
  where b.key = x.key;
  return true;
end
$$;

-- Old rows carry nothing: a passed window, a full bucket. Called now and then by a server.
create function private.limit_sweep() returns void
language sql
set search_path = ''
as $$
  delete from private.limit_windows where window_end < now() - interval '1 hour';
  delete from private.limit_buckets where taken_at < now() - interval '1 hour';
$$;

revoke execute on function private.limit_claim(text[], integer[]), private.limit_count(text[], integer[], interval),
  private.limit_take(text[], double precision[], double precision[]), private.limit_sweep() from public, anon, authenticated;
