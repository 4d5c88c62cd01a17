#!/usr/bin/env bash
# Kill test for jnp.save: KILLS times, start `jx run` saving a 200 MB float32 array (arange + k, k the
# round) over the same target and kill -9 it at a random moment of its run. After each kill the
# target must hold a whole array, the previous round's or this one's (NumPy loads it and checks
# every element); after one more save that completes, no temp file may be left beside it.
#   bench/kill/save_kill.sh [KILLS=20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kills=${1:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=50000000   # 200 MB of float32
cat > "$dir/save.jx" <<JX
import jax.numpy as jnp
k = int(jx.argv[1])
jnp.save("$dir/big.npy", jnp.arange($n, dtype=jnp.float32) + k)
JX
check() {  # the target is round $1's or round $2's array, whole
  /usr/bin/python3 - "$dir/big.npy" "$1" "$2" <<'PY'
import sys, numpy as np
x = np.load(sys.argv[1])
assert x.shape == (50000000,) and x.dtype == np.float32, (x.shape, x.dtype)
k = int(x[0])
assert k in (int(sys.argv[2]), int(sys.argv[3])), ("neither old nor new", k)
assert np.array_equal(x, np.arange(50000000, dtype=np.float32) + k), "a mixed or partial array"
PY
}
./jx "$dir/save.jx" 0 >/dev/null
check 0 0
echo "killing $kills saves, each at a random moment (0-300 ms) after its temp file appears" >&2
prev=0
mid_write=0
for round in $(seq 1 "$kills"); do
  ./jx "$dir/save.jx" "$round" >/dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [[ -z $(find "$dir" -name '.big.npy.*' -print -quit) ]]; do
    sleep 0.01
  done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.3 * r / 32768 }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  check "$prev" "$round"
  prev=$(/usr/bin/python3 -c "import numpy as np; print(int(np.load('$dir/big.npy')[0]))")
  tmp=$(find "$dir" -name '.big.npy.*' | wc -l)
  ((tmp > 0)) && mid_write=$((mid_write + 1))
  echo "round $round: target holds round $prev's array, whole; temp files left by the kill: $tmp" >&2
done
./jx "$dir/save.jx" 99 >/dev/null
check 99 99
rest=$(find "$dir" -name '.big.npy.*' | wc -l)
echo "$kills kill -9 ($mid_write of them mid-write): the target was always old or complete; after the next save, temp files left: $rest"
[[ $rest -eq 0 ]]
