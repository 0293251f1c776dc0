#!/usr/bin/env bash
# Installs what the extension-host and end-to-end tests need, outside node_modules:
# Debian's Chromium (driven by playwright-core) and code-server 4.100.3 (VS Code 1.100 in the
# browser) in a cache folder. Idempotent: a second run checks and returns in seconds.
# `npm test` and `npm start` run it themselves; `npm run setup` runs it alone. Where it cannot
# install (no root and no sudo, or not Debian), it says what to install by hand and exits 1.
# See ../shared/notes/real-vscode.md for why each step is the way it is.
set -euo pipefail

CACHE="${RNN_LENS_CACHE:-$HOME/.cache/rnn-lens}"
CS_VERSION=4.100.3
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

# chromium: the browser the end-to-end tests drive; fonts-nanum: a Hangul font, so the Korean
# screenshots show Hangul; ripgrep and the -dev packages: code-server's own install needs them
PACKAGES=(chromium fonts-nanum ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
by_hand() {
  echo "setup: $1" >&2
  echo "setup: install by hand, then run npm test again: Chromium (or set CHROMIUM_PATH to a Chromium binary), a Hangul font, ripgrep, and the Kerberos, X11, xkbfile and libsecret headers with pkg-config (Debian: apt-get install ${PACKAGES[*]})" >&2
  exit 1
}
if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  by_hand "this is not a Debian system (no dpkg/apt-get): the extension-host and end-to-end tests need packages the setup cannot install here"
fi
need_apt=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else
      by_hand "missing Debian packages (${need_apt[*]}) and no root to install them (run as root, or with sudo that needs no password)"
    fi
  fi
  echo "setup: installing Debian packages ${need_apt[*]}: Chromium for the end-to-end tests, what code-server needs to install"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || by_hand "apt-get update failed"
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null || by_hand "apt-get install ${need_apt[*]} failed"
fi

if [ -f "$CS_DIR/.installed" ] && [ -f "$CS_ENTRY" ]; then
  echo "setup: code-server $CS_VERSION ready in $CS_DIR"
  exit 0
fi

echo "setup: installing code-server $CS_VERSION into $CS_DIR (about 3 minutes): the real VS Code the extension-host tests and npm start run in"
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
