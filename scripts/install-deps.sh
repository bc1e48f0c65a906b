#!/usr/bin/env bash
# Checks for what the workbench needs and installs only what is missing (Debian 12 / Ubuntu 22.04
# and later, with apt). Libraries are checked themselves (pkg-config, the dynamic loader), not
# their package names, so a machine that has them another way, or a user without root who already
# has them, is not stopped.
#   scripts/install-deps.sh          what `make run` needs
#   scripts/install-deps.sh --test   also what `make test` needs (tmux, GNU parallel)
set -euo pipefail

missing=()
need() {  # need PACKAGE CHECK...: the package is missing when the check fails
    local package=$1; shift
    "$@" >/dev/null 2>&1 || missing+=("$package")
}
has_library() { ldconfig -p 2>/dev/null | grep -q "$1" || compgen -G "/usr/lib/*/$1*" >/dev/null || compgen -G "/usr/lib/$1*" >/dev/null; }

command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
need libopenblas-dev has_library libopenblas.so
need libncurses-dev pkg-config --exists ncursesw
need zlib1g-dev pkg-config --exists zlib
need python3-pip python3 -m pip --version    # data fetch downloads PyPI packages with pip
if [ "${1:-}" = "--test" ]; then
    need tmux command -v tmux                # the end-to-end screen tests
    need parallel sh -c 'parallel --version | grep -q "GNU parallel"'   # the scale-out test (GNU's, not moreutils')
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"
else
    cat >&2 <<MSG
error: these are missing and this user cannot install them:
    ${missing[*]}
Ask an administrator to run:
    sudo apt-get install -y ${missing[*]}
then run this command again.
MSG
    exit 1
fi
