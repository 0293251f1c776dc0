#!/usr/bin/env bash
# Installs what the extension-host and end-to-end tests need, outside node_modules:
# Debian's Chromium (driven by playwright-core) and code-server 4.100.3 (VS Code 1.100 in the
# browser) in a cache folder. Idempotent: a second run checks and returns in seconds.
# See ../shared/notes/real-vscode.md for why each step is the way it is.
set -euo pipefail

CACHE="${RNN_LENS_CACHE:-$HOME/.cache/rnn-lens}"
CS_VERSION=4.100.3
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

need_apt=()
# fonts-nanum: a Hangul font, so the Korean end-to-end screenshots show Hangul, not empty boxes
for pkg in chromium fonts-nanum ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f "$CS_DIR/.installed" ] && [ -f "$CS_ENTRY" ]; then
  echo "setup: code-server $CS_VERSION ready in $CS_DIR"
  exit 0
fi

echo "setup: installing code-server $CS_VERSION into $CS_DIR (about 3 minutes)"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"rnn-lens-code-server","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >/dev/null

# VS Code's ripgrep post-install downloads rg from GitHub unless it finds this cached archive;
# Debian's rg under the name `rg` satisfies it.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$RG_TAR" ]; then
  mkdir -p "$RG_CACHE"
  tmp="$(mktemp -d)"
  cp /usr/bin/rg "$tmp/rg"
  tar -czf "$RG_TAR" -C "$tmp" rg
  rm -rf "$tmp"
fi

cd "$CS_DIR/node_modules/code-server"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm_config_user_agent="npm/11 node/$(node --version) linux x64" \
  sh ./postinstall.sh >/dev/null
cd "$CS_DIR"
npm rebuild argon2 >/dev/null
touch "$CS_DIR/.installed"
echo "setup: code-server $CS_VERSION installed"
