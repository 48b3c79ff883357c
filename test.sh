#!/usr/bin/env bash
# Runs every test (unit and integration). Installs what the tests need when it is
# missing: redis-server (Debian package; the tests start their own servers on free ports).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing redis-server" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -q redis-server >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q redis-server >/dev/null
  }
fi

./mvnw -B verify "$@"
