#!/usr/bin/env bash
# Installs what the browser test (src/test/java/.../it/LiveMapBrowserIT.java) needs, and nothing
# when it is already there (safe to run on every CI run):
#  - Debian's Chromium at /usr/bin/chromium (apt-get, as root), when it is missing;
#  - playwright-core in src/test/browser/node_modules (`npm ci`, the exact version of
#    src/test/browser/package-lock.json), when it is missing or another version. playwright-core
#    drives /usr/bin/chromium and never downloads a browser of its own.
# Node.js and npm must already be on the machine; this script fails, naming them, when they are not.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[browser-setup] %s\n' "$*"; }
fail() { printf '[browser-setup] ERROR: %s\n' "$*" >&2; exit 1; }

CHROMIUM=/usr/bin/chromium
BROWSER_DIR=src/test/browser

command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js >= 20 is needed to run $BROWSER_DIR/map-track.mjs)"
command -v npm >/dev/null 2>&1 || fail "npm is not installed (needed for 'npm ci' in $BROWSER_DIR)"

if [ -x "$CHROMIUM" ]; then
  log "Chromium is installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
else
  command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and apt-get is not available: install Debian's package chromium"
  [ "$(id -u)" -eq 0 ] || fail "$CHROMIUM is missing: run this script as root, or 'apt-get install chromium' as root"
  log "installing chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends chromium
  [ -x "$CHROMIUM" ] || fail "apt-get installed chromium but $CHROMIUM is still missing"
  log "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
fi

wanted=$(node -e "process.stdout.write(require('./$BROWSER_DIR/package-lock.json').packages['node_modules/playwright-core'].version)")
installed=$(node -e "try { process.stdout.write(require('./$BROWSER_DIR/node_modules/playwright-core/package.json').version) } catch { }")
if [ "$installed" = "$wanted" ]; then
  log "playwright-core $installed is installed in $BROWSER_DIR/node_modules"
else
  log "npm ci in $BROWSER_DIR (playwright-core $wanted${installed:+, found $installed})"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund)
  installed=$(node -e "try { process.stdout.write(require('./$BROWSER_DIR/node_modules/playwright-core/package.json').version) } catch { }")
  [ "$installed" = "$wanted" ] || fail "npm ci did not install playwright-core $wanted in $BROWSER_DIR/node_modules"
fi
log "ready"
