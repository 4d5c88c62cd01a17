#!/usr/bin/env bash
# jx (CPU backend) against NumPy and PyTorch on one machine in one command: each runs the same
# workloads (workloads.jx, workloads_numpy.py, workloads_torch.py), in-process, median of 7 after 5
# warm-ups; then a table of times (ms; small_op_step_us in µs) and ratios (jx / peer, lower is
# better, 1.0 is parity). Needs Debian's python3-numpy with libopenblas0-pthread (without it NumPy
# falls back to the reference BLAS), and python3-torch for the torch column.
# The peers run one after another, not at once: on 2 cores they would slow each other.
# Usage: bench/peers/run.sh [DIR]: DIR (default bench/peers) holds the three workload files, so
# bench/jit runs its own set through this same harness; bench/peers/timing.py is their timer.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-bench/peers}
export PYTHONPATH=bench/peers${PYTHONPATH:+:$PYTHONPATH}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE may be set on this machine for older OpenBLAS builds. Both
# NumPy's OpenBLAS and jx's read them when they load: OPENBLAS_CORETYPE=Haswell (set here) puts
# the AVX2 kernel on these AVX-512 cores and halves a big product, so every peer runs without them
# (each OpenBLAS then picks its own kernel: Cooperlake for both here).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
./jx "$dir/workloads.jx" >"$tmp/jx"
"$py" "$dir/workloads_numpy.py" >"$tmp/numpy"
if "$py" -c 'import torch' 2>/dev/null; then
  "$py" "$dir/workloads_torch.py" >"$tmp/torch"
else
  echo "(python3-torch is not installed: no torch column)" >&2
  : >"$tmp/torch"
fi
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "# load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the end; NumPy $("$py" -c 'import numpy, threadpoolctl
print(numpy.__version__, " ".join(i["internal_api"] + " " + i["version"] + " " + str(i["architecture"])
      for i in threadpoolctl.threadpool_info()))' 2>/dev/null || "$py" -c 'import numpy; print(numpy.__version__)')$( [[ -s $tmp/torch ]] && echo ", PyTorch $("$py" -c 'import torch; print(torch.__version__)')")"
awk '
  FNR == 1 { file++ }
  file == 1 { jx[$1] = $2; order[++n] = $1 }
  file == 2 { np[$1] = $2 }
  file == 3 { tc[$1] = $2 }
  function cell(v) { return v == "" ? "—" : sprintf("%.3g", v) }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "—" : sprintf("%.2f", a / b) }
  END {
    print "| workload | jx | NumPy | PyTorch | jx/NumPy | jx/PyTorch | jx/best |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      k = order[i]; best = np[k]
      if (tc[k] != "" && (best == "" || tc[k] < best)) best = tc[k]
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", k, cell(jx[k]), cell(np[k]), cell(tc[k]),
        ratio(jx[k], np[k]), ratio(jx[k], tc[k]), ratio(jx[k], best)
    }
  }' "$tmp/jx" "$tmp/numpy" "$tmp/torch"
