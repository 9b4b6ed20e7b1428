#!/bin/sh
# Runs node (>= 22.12, installed on first use when the machine's is older) with the given arguments.
set -e
. "$(dirname "$0")/ensure-node.sh"
# A build holds the vault's records at once, about 95 KB of heap a note: V8's default limit (about
# 4 GB, whatever the machine has) stops a 50,000-note vault. Let it grow to three quarters of the
# machine's memory instead, unless NODE_OPTIONS says otherwise; node's children inherit it.
case "$NODE_OPTIONS" in
  *max-old-space-size*) ;;
  *)
    hyphae_memory_mb=$( (awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || sysctl -n hw.memsize 2>/dev/null | awk '{ print int($1 / 1048576) }') | head -n 1)
    if [ -n "$hyphae_memory_mb" ] && [ "$hyphae_memory_mb" -gt 6000 ]; then
      NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=$((hyphae_memory_mb * 3 / 4))"
      export NODE_OPTIONS
    fi
    ;;
esac
exec node "$@"
