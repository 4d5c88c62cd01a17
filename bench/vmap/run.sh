#!/bin/sh
# vmap's ratios (bench/vmap/ratio.jx) with the machine's load beside them: REPS medians per figure.
cd "$(dirname "$0")/../.." || exit 1
echo "$(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
./jx bench/vmap/ratio.jx "${1:-7}"
