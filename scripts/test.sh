#!/usr/bin/env bash
# Install what the tests need, then run the whole test suite: bash scripts/test.sh [pytest args]
#
# On a fresh Debian/Ubuntu machine with Python 3.11+ this installs Dovecot, dnsmasq and the
# PostgreSQL server (apt, only when missing and only as root), creates .venv and installs
# mailbot with its test extras. A second run skips all of that.
#
# Two pytest passes: the whole suite on SQLite, then every test that uses a store on
# PostgreSQL (MAILBOT_TEST_STORE=postgres; tests/stores.py). MAILBOT_TEST_STORE=sqlite or
# =postgres runs that pass only. The exit status is non-zero when either pass failed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf 'test.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
have() { PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }

apt_install() {
    # Package scripts may try to start the system dovecot/dnsmasq/postgresql; a temporary
    # policy-rc.d tells invoke-rc.d not to (our tests run their own on free ports).
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
        trap "rm -f $policy" EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@"
    if [ -n "$made_policy" ]; then rm -f "$policy"; trap - EXIT; fi
}

missing=()
have dovecot || missing+=(dovecot-imapd)
have dnsmasq || missing+=(dnsmasq-base)
# The PostgreSQL server (not the client): tests/rig/postgres.py runs its own cluster.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || have initdb || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        say "installing ${missing[*]}"
        apt_install "${missing[@]}"
    else
        say "missing ${missing[*]}: run this script as root (or apt-get install them);" \
            "their tests will be skipped, or fail if CI is set"
    fi
fi

have "$PYTHON" || die "$PYTHON not found: install Python 3.11+ or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$("$PYTHON" -V 2>&1) is too old: mailbot needs Python 3.11+ (set PYTHON=...)"

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    if ! "$PYTHON" -m venv "$VENV"; then
        rm -rf "$VENV"
        if [ "$(id -u)" = 0 ] && have apt-get; then
            py=$("$PYTHON" -c 'import sys; print(f"python3.{sys.version_info[1]}")')
            apt_install python3-venv "$py-venv"
            "$PYTHON" -m venv "$VENV" || { rm -rf "$VENV"; die "could not create $VENV"; }
        else
            die "'$PYTHON -m venv' failed: install the venv module (Debian/Ubuntu:" \
                "apt-get install python3-venv) or run this script as root"
        fi
    fi
fi

# Reinstall only when pyproject.toml changed since the last successful install.
stamp="$VENV/.mailbot-install-stamp"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing mailbot and its test dependencies into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$want" >"$stamp"
fi

case "${MAILBOT_TEST_STORE:-}" in
    "") stores=(sqlite postgres) ;;
    sqlite | postgres) stores=("$MAILBOT_TEST_STORE") ;;
    *) die "MAILBOT_TEST_STORE=$MAILBOT_TEST_STORE: must be sqlite or postgres (or unset: both)" ;;
esac
status=0
for store in "${stores[@]}"; do
    say "pass on $store"
    started=$SECONDS
    code=0
    MAILBOT_TEST_STORE=$store "$VENV/bin/python" -m pytest "$@" || code=$?
    # 5 = nothing collected: arguments that select no test using a store, in the second pass
    if [ "$code" = 5 ] && [ "$store" = postgres ] && [ ${#stores[@]} = 2 ]; then code=0; fi
    say "pass on $store: exit $code after $((SECONDS - started)) s"
    [ "$status" != 0 ] || status=$code
done
exit "$status"
