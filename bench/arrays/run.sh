#!/usr/bin/env bash
# jx (CPU backend) against NumPy on the same machine, side by side: time per operation and the
# ratio jx/NumPy (lower is better; 1.0 is parity). add_4 is microseconds per add (of 10,000 in a
# loop), the rest milliseconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
jx=$(./jx bench/arrays/ops.jx)
np=$(/usr/bin/python3 bench/arrays/ops_numpy.py)
printf '%-16s %10s %10s %8s\n' case jx numpy ratio
join <(echo "$jx" | sort) <(echo "$np" | sort) | while read -r name a b; do
  printf '%-16s %10s %10s %8.1f\n' "$name" "$a" "$b" "$(echo "$a / $b" | bc -l)"
done
