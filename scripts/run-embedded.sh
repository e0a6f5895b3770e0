#!/usr/bin/env bash
# The embedded product: Django's server and one Celery worker with embedded beat on the filesystem broker.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var/broker/queue var/broker/processed var/mail
export DEBUG="${DEBUG:-1}"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping firmops…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT
.venv/bin/celery -A firmops worker -B --loglevel=WARNING --concurrency=1 \
  --schedule var/celerybeat-schedule >var/worker.log 2>&1 &
pids+=($!)
cat <<MSG

  firmops is running at http://${HOST:-127.0.0.1}:${PORT:-8000}/
  Sign in with any demo account (password printed above): partner@demo.firmops.test,
  attorney@…, paralegal@…, ops@…, external@demo.firmops.test
  Worker log: var/worker.log · Emails print in this terminal · Ctrl-C stops everything.

MSG
$PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}" &
pids+=($!)
wait -n "${pids[@]}"
