#!/usr/bin/env bash
# Installs Debian's Chromium for the viewer's end-to-end tests (packages/web/test) when it is
# missing. Idempotent and silent when /usr/bin/chromium already exists. Needs root (CI runs as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "ensure-chromium: installing chromium (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)" >&2
