#!/usr/bin/env bash
# The embedded product (`make run`): migrate and seed the SQLite database, then Django's server and one
# Celery worker with embedded beat on the filesystem broker. Ctrl-C stops everything.
# Environment: HOST, PORT; SITE_URL (default: this server's address); FIRMOPS_VAR_DIR (default: var/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  echo "PORT=$PORT is not a port number (1-65535)." >&2
  exit 2
fi
# The worker builds emailed links from SITE_URL with no request to ask: point them at this server.
case "$HOST" in
  0.0.0.0 | "[::]") link_host=127.0.0.1 ;; # listening everywhere; this machine reaches it on loopback
  *) link_host="$HOST" ;;
esac
export SITE_URL="${SITE_URL:-http://$link_host:$PORT}"
export DEBUG="${DEBUG:-1}"
export FIRMOPS_VAR_DIR="${FIRMOPS_VAR_DIR:-$PWD/var}"
export PYTHONUNBUFFERED=1 # the terminal shows output as it happens, even through a pipe
VAR="$FIRMOPS_VAR_DIR"
mkdir -p "$VAR/broker/queue" "$VAR/broker/processed" "$VAR/mail"
# Seeded after SITE_URL is set: the demo's own emails (scaling signals) link to this server too.
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping firmops…"
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true # runserver's autoreloader child holds the port
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT
# The worker sends the mail, and its output goes to worker.log; the mail backend also writes each
# email's recipients, subject and links to this file, which is shown below as it grows.
mail_summary="$VAR/mail/summary.log"
: >"$mail_summary"
EMAIL_SUMMARY_FILE="$mail_summary" .venv/bin/celery -A firmops worker -B --loglevel=WARNING \
  --concurrency=1 --schedule "$VAR/celerybeat-schedule" >"$VAR/worker.log" 2>&1 &
pids+=($!)
cat <<MSG

  firmops is running at http://$link_host:$PORT/ (emailed links start with $SITE_URL)
  Sign in with any demo account (password printed above): partner@demo.firmops.test,
  attorney@…, paralegal@…, ops@…, external@demo.firmops.test
  Emails show here as they are sent (to, subject, links); the worker's full text and log are in
  $VAR/worker.log. Ctrl-C stops everything.

MSG
tail -n +1 -F "$mail_summary" 2>/dev/null &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" &
pids+=($!)
wait -n "${pids[@]}"
