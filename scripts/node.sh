#!/bin/sh
# Runs node (>= 22.12, installed on first use when the machine's is older) with the given arguments.
set -e
. "$(dirname "$0")/ensure-node.sh"
exec node "$@"
