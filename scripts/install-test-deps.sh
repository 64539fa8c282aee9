#!/usr/bin/env bash
# Installs the system packages the tests need — PostgreSQL's server and Debian's Chromium — when
# they are missing. Idempotent and quick when both are present. Fails loudly when it cannot
# install them: tests must fail, not skip, without a real database or browser.
set -euo pipefail

missing=()
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then missing+=(postgresql postgresql-contrib); fi
if ! command -v pgbench >/dev/null 2>&1; then missing+=(postgresql-contrib); fi
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo='sudo'; else
    echo "install-test-deps: need ${missing[*]} but am not root and have no sudo; install them with apt-get" >&2
    exit 1
  fi
fi

echo "install-test-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
# --no-install-recommends: without it apt pulls systemd and a hundred more packages for chromium.
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "install-test-deps: apt-get could not install ${missing[*]}" >&2
  exit 1
fi
rm -f "$log"

compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "install-test-deps: PostgreSQL server still missing" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "install-test-deps: /usr/bin/chromium still missing" >&2; exit 1; }
