#!/usr/bin/env bash
# jx against JAX on the same GPU, in one command, on a lent device machine (see gpu/README.md):
#   ../shared/tools/device-bundle.sh      # here: .device/ = jlink runtime + jx.jar
#   run(command="bench/gpu/run.sh", carry=[".device"])
# jx's time per evaluation is (t(1 + R reps) - t(1 rep)) / R of whole runs, which cancels start-up,
# kernel JIT and first allocations; JAX's scripts time themselves after a warm-up call.
set -euo pipefail
cd "$(dirname "$0")/../.."
java=${JX_JAVA:-.device/jre/bin/java}
jar=${JX_JAR:-.device/jx.jar}
device=${JX_DEVICE:-cuda}
r=${REPS:-20}
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
date -u +%Y-%m-%dT%H:%MZ
jx_time() {  # script, then its extra arguments
  local s=$1; shift
  local t0 t1 t2
  t0=$(date +%s.%N); "$java" -Xmx8g -jar "$jar" --device "$device" "bench/gpu/$s.jx" 1 "$@" >/dev/null
  t1=$(date +%s.%N); "$java" -Xmx8g -jar "$jar" --device "$device" "bench/gpu/$s.jx" $((r + 1)) "$@"
  t2=$(date +%s.%N)
  python3 -c "print(f'jx $device {(($t2 - $t1) - ($t1 - $t0)) / $r:.6f}')"
}
for b in elementwise sum matmul mlp; do
  echo "== $b"
  jx_time "$b" "$@"
  python3 "bench/gpu/$b.py" "$r" "$@"
done
