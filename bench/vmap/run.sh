#!/bin/sh
# vmap's ratios (bench/vmap/ratio.jx) with the machine's load beside them: REPS medians per figure,
# then the per-example gradients piece by piece (pieces.jx: 10th percentiles and medians), then
# NumPy's by-hand per-example gradients against its batched gradient (peer_numpy.py) when python3
# has NumPy: the floor that building the per-example arrays sets.
cd "$(dirname "$0")/../.." || exit 1
echo "$(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
./jx bench/vmap/ratio.jx "${1:-7}"
./jx bench/vmap/pieces.jx
if python3 -c 'import numpy' 2>/dev/null; then
  python3 bench/vmap/peer_numpy.py
fi
