#!/usr/bin/env bash
# The playground's browser test drives headless Chromium. On Debian-like machines where we are
# root (CI, fresh machines of this project's kind) install Debian's package when it is missing;
# elsewhere say what to do. Set CHROMIUM_PATH to use another Chromium or Chrome.
set -u
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser test (Debian package chromium)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) && exit 0
fi
echo "warning: no Chromium at $chromium; the playground's browser test will fail." >&2
echo "Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 0
