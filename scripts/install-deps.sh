#!/usr/bin/env bash
# Installs the system packages the workbench needs, when they are missing (Debian / Ubuntu).
set -euo pipefail

packages=(libopenblas-dev libncursesw5-dev zlib1g-dev tmux)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! python3 -m pip --version >/dev/null 2>&1; then missing+=(python3-pip); fi

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
error: these system packages are missing and this user cannot install them:
    ${missing[*]}
Ask an administrator to run:
    sudo apt-get install -y ${missing[*]}
then run this command again.
MSG
    exit 1
fi
