#!/usr/bin/env bash
# The whole Loopline comparison in one command (about 15 minutes on 2 cores), or the quick one with --quick.
# Installs what it uses when missing (wrk, taskset, nginx), raises the open-files limit for the idle scenario,
# builds the jar, and runs it. Every argument goes to the runner: see `run.sh --help`.
set -euo pipefail

cd "$(dirname "$0")/.."

install_package() { # install_package COMMAND DEBIAN_PACKAGE
    command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            echo "run.sh: $1 is not installed and there is no root to install $2; going on without it" >&2
            return 0
        fi
    fi
    if command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: installing $2 (for $1)" >&2
        $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$2" >/dev/null \
            || echo "run.sh: could not install $2; going on without $1" >&2
    else
        echo "run.sh: $1 is not installed (no apt-get here); going on without it" >&2
    fi
}

install_package wrk wrk            # drives plaintext, json and pipelined; the Java driver does the rest (and all, without it)
install_package taskset util-linux # pins load and server to different CPUs
install_package h2load nghttp2-client # drives h2c-plaintext and h2-plaintext; without it those rows are skipped
if ! command -v h2load >/dev/null 2>&1; then
    echo "run.sh: h2load is not installed: the h2c-plaintext and h2-plaintext rows will be skipped" >&2
fi
# nginx, the C reference: the runner starts its binary itself (one process, its own config), so the package must not
# start a system service on port 80. policy-rc.d is Debian's switch for that; ours is removed again at once.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    policy=""
    if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=/usr/sbin/policy-rc.d
    fi
    install_package nginx nginx
    if [ -n "$policy" ]; then rm -f "$policy"; fi
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        echo "run.sh: nginx is not installed: the report will have no nginx rows (the C reference)" >&2
    fi
fi

# The idle scenario holds 10 000 connections: client and server each need that many descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
    echo "run.sh: open-files limit is $(ulimit -n); the idle scenario will hold fewer connections" >&2
fi

jar=loadtest/target/loopline-loadtest.jar
mvn -B -q -pl loadtest -am package -DskipTests
exec java -jar "$jar" run "$@"
