#!/usr/bin/env bash
# `make bench` on a fresh machine: start the local PostgreSQL if it is down and make sure the bench's
# role exists (no superuser, no BYPASSRLS, CREATEDB so the bench can create its own database).
# Does nothing when DATABASE_URL points elsewhere: then that server is yours to prepare.
set -euo pipefail
if [[ -n "${DATABASE_URL:-}" && "${DATABASE_URL}" != *"@127.0.0.1:5432/"* ]]; then exit 0; fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  cluster="$(ls /etc/postgresql 2>/dev/null | head -n1)"
  if [[ -z "$cluster" ]]; then
    echo "make bench needs PostgreSQL on 127.0.0.1:5432 (apt-get install postgresql, or set DATABASE_URL)" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if [[ "$(id -u)" == 0 ]]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'firmops') THEN
    CREATE ROLE firmops LOGIN PASSWORD 'firmops' CREATEDB NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
SQL
fi
