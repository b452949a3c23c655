#!/usr/bin/env bash
# Assembles the production server in OUT, laid out as in the repo: the compiled server with only
# its production dependencies, and the built widget and console it serves. The Dockerfile runs
# this, and a test starts the result from a clean folder. Run `pnpm build` first.
set -euo pipefail
out=${1:?usage: scripts/package-server.sh OUT}
cd "$(dirname "$0")/.."
for built in signaling-server/dist/main.js widget/dist/widget.js agent-console/dist/index.html; do
  [ -f "$built" ] || { echo "$built is missing: run pnpm build" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/widget" "$out/agent-console"
pnpm --silent --filter @lifeline/signaling-server deploy --prod --legacy "$out/signaling-server" >/dev/null
cp -r widget/dist "$out/widget/dist"
cp -r agent-console/dist "$out/agent-console/dist"
