#!/usr/bin/env bash
# Runs before `npm test`: the tests need Chromium (Playwright) and a PostgreSQL server (db tests).
# As root on Debian it installs and starts what is missing; otherwise it says what to do.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test prerequisites: installing ${need_apt[*]}"
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "test prerequisites: please install ${need_apt[*]} (Debian: sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then exit 0; fi

# Debian's PostgreSQL cluster, with the login role the tests use (see tests/db/harness.ts).
if ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test prerequisites: start PostgreSQL, or set TEST_DATABASE_URL to a superuser connection" >&2
    exit 1
  fi
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster="$version main"
  fi
  pg_ctlcluster $cluster start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
if [ "$(id -u)" -eq 0 ]; then
  su postgres -c "psql -q -c \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'werkplaats') then create role werkplaats login superuser password 'werkplaats'; end if; end \\\$\\\$;\"" >/dev/null
fi
