#!/usr/bin/env bash
# Runs every test (unit and integration). Installs what the tests need when it is missing:
# redis-server, nginx, HAProxy, curl, openssl and docker-compose (Debian packages; the tests start their own
# processes on free ports; docker-compose only validates files, no engine), the dockerfile-utils
# linter (npm), and for the dashboard's browser test chromium (Debian) and playwright-core (npm, from
# the committed lock file in push-server/src/test/browser).
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_install() {
  # --no-install-recommends: docker-compose would otherwise pull docker.io and iptables.
  $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null
  }
}
missing=()
for tool in redis-server:redis-server nginx:nginx haproxy:haproxy curl:curl openssl:openssl docker-compose:docker-compose; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
if ! command -v dockerfile-utils >/dev/null 2>&1; then
  echo "test.sh: installing dockerfile-utils (npm)" >&2
  $sudo npm install -g --no-audit --no-fund dockerfile-utils@0.16.3 >/dev/null
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium" >&2
  # With recommends (fonts), unlike apt_install: screenshots need readable text.
  $sudo apt-get install -y -q chromium >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium >/dev/null
  }
fi

if [ ! -d push-server/src/test/browser/node_modules/playwright-core ]; then
  echo "test.sh: installing playwright-core (npm ci)" >&2
  (cd push-server/src/test/browser && npm ci --no-audit --no-fund --silent)
fi

./mvnw -B verify "$@"
