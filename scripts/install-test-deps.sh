#!/usr/bin/env bash
# Installs what the end-to-end tests need beyond npm packages: Debian's Chromium, and coturn
# (the TURN relay test runs a real turnserver).
# Playwright's own browser download does not work on these machines.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
