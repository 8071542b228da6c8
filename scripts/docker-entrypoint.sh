#!/bin/sh
# The container's entrypoint. `docker run IMAGE [--flag ...]` starts scrapio-server with those flags;
# `docker run IMAGE scrapio fetch URL` (or any other command) runs that command instead. `exec` hands PID 1's
# signals (docker stop's SIGTERM) straight to Node, which shuts down gracefully. Env (SCRAPIO_*) passes through.
set -e

app_dir="${SCRAPIO_APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  exec node "$app_dir/dist/cli.js" "$@"
fi
if [ "$1" = "scrapio-server" ]; then
  shift
  exec node "$app_dir/dist/cli.js" "$@"
fi
if [ "$1" = "scrapio" ]; then
  shift
  exec node "$app_dir/dist/client-cli/main.js" "$@"
fi
exec "$@"
