#!/usr/bin/env bash
# Start-up of jx against Python + NumPy, measured side by side in one run (runs alternate, medians):
#   - `./jx -c 'print(1)'` (the launcher as users run it, with its AOT cache when the JDK has one)
#     against `python3 -c 'import numpy; print(1)'`;
#   - the REPL's first prompt in a real terminal (tmux), against python3's REPL after `import numpy`.
# Usage: bench/startup.sh [RUNS]   (default 15). Prints a Markdown table for bench/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-15}
cd "$root"
./jx -c 'pass' >/dev/null   # build the jar (and start recording the AOT cache) before timing
sleep 5                     # let the cache recording in the background finish
./jx -c 'pass' >/dev/null

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

jx_c=(); py_c=(); jx_repl=(); py_repl=()

# Seconds from starting CMD in a fresh tmux terminal until its last line is PROMPT.
to_prompt() {
  local prompt=$1; shift
  local sock="jx-bench-$$" t0 t1
  t0=$(now)
  tmux -L "$sock" new-session -d -s b -x 120 -y 40 "$*"
  local deadline=$((SECONDS + 60))
  while ! tmux -L "$sock" capture-pane -p -t b 2>/dev/null | grep -q "^$prompt"; do
    ((SECONDS < deadline)) || { tmux -L "$sock" kill-server; echo "no prompt from $*" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(now)
  tmux -L "$sock" kill-server
  secs "$t0" "$t1"
}

have_tmux=0
command -v tmux >/dev/null && have_tmux=1
home=$(mktemp -d)
for ((i = 0; i < runs; i++)); do
  t0=$(now); ./jx -c 'print(1)' >/dev/null; t1=$(now); jx_c+=("$(secs "$t0" "$t1")")
  t0=$(now); python3 -c 'import numpy; print(1)' >/dev/null; t1=$(now); py_c+=("$(secs "$t0" "$t1")")
  if ((have_tmux)); then
    jx_repl+=("$(to_prompt '>>>' env HOME="$home" TERM=xterm-256color "$root/jx")")
    py_repl+=("$(to_prompt '>>>' env HOME="$home" TERM=xterm-256color python3 -q -i -c 'import numpy')")
  fi
done
rm -rf "$home"

mj=$(printf '%s\n' "${jx_c[@]}" | median)
mp=$(printf '%s\n' "${py_c[@]}" | median)
echo "| measure (median of $runs, alternating) | jx | Python + NumPy | jx / Python |"
echo "|---|---|---|---|"
echo "| \`-c 'print(1)'\` (s) | $mj | $mp | $(echo "$mj / $mp" | bc -l | xargs printf '%.2f') |"
if ((have_tmux)); then
  rj=$(printf '%s\n' "${jx_repl[@]}" | median)
  rp=$(printf '%s\n' "${py_repl[@]}" | median)
  echo "| REPL to first prompt (s) | $rj | $rp | $(echo "$rj / $rp" | bc -l | xargs printf '%.2f') |"
fi
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(python3 -c 'import numpy, sys; print("Python", sys.version.split()[0], "NumPy", numpy.__version__)')," \
  "$(./jx --version)"
