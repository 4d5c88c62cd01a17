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
start=$(date +%s.%N)
./jx "$dir/save.jx" 0 >/dev/null
full=$(echo "$(date +%s.%N) - $start" | bc)
check 0 0
echo "one whole save: ${full} s; killing $kills saves at random moments" >&2
prev=0
left_behind=0
for round in $(seq 1 "$kills"); do
  ./jx "$dir/save.jx" "$round" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v f="$full" -v r="$RANDOM" 'BEGIN { printf "%.3f", f * r / 32768 }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  check "$prev" "$round"
  now=$(/usr/bin/python3 -c "import numpy as np; print(int(np.load('$dir/big.npy')[0]))")
  prev=$now
  tmp=$(find "$dir" -name '.big.npy.*' | wc -l)
  left_behind=$((left_behind + tmp))
  echo "round $round: target holds round $now's array; temp files now: $tmp" >&2
done
./jx "$dir/save.jx" 99 >/dev/null
check 99 99
rest=$(find "$dir" -name '.big.npy.*' | wc -l)
echo "after $kills kill -9: the target was always whole; after the next save, temp files left: $rest"
[[ $rest -eq 0 ]]
