#!/usr/bin/env bash
# Two builds of jx side by side, taking turns so that the machine's load hits them alike: checking
# bench/check.sh's 2,000-line script in a fresh JVM (against a one-line file, so start-up cancels)
# and bench/arrays/ops.jx. Each DIR is a checkout whose ./jx runs (it builds its own jar).
# Usage: bench/compare.sh DIR_A DIR_B [RUNS]   (prints medians; writes nothing)
set -euo pipefail
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); runs=${3:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
script=$(mktemp --suffix=.jx); empty=$(mktemp --suffix=.jx)
trap 'rm -f "$script" "$empty"' EXIT
echo pass > "$empty"
# The script bench/check.sh checks: its generator, without the timing.
sed -n '/^for i in/,/^done/p' "$here/bench/check.sh" > "$script.gen"
bash -c "script=$script; $(cat "$script.gen")"; rm -f "$script.gen"
(cd "$a" && ./jx check "$script" >/dev/null) && (cd "$b" && ./jx check "$script" >/dev/null)

ms() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
declare -A t
for _ in $(seq 1 "$runs"); do
    for d in "$a" "$b"; do
        t[$d.check]+="$(cd "$d" && ms ./jx check "$script") "
        t[$d.empty]+="$(cd "$d" && ms ./jx check "$empty") "
        t[$d.ops]+="$(cd "$d" && ./jx "$here/bench/arrays/ops.jx" | tr '\n' ' ')|"
    done
done
printf '%-18s %12s %12s\n' "" "A" "B"
for d in "$a" "$b"; do
    c=$(tr ' ' '\n' <<< "${t[$d.check]}" | grep . | median); e=$(tr ' ' '\n' <<< "${t[$d.empty]}" | grep . | median)
    t[$d.checking]=$(( c - e ))
done
printf '%-18s %12s %12s\n' "checking (ms)" "${t[$a.checking]}" "${t[$b.checking]}"
for name in $(tr '|' '\n' <<< "${t[$a.ops]}" | head -1 | awk '{for (i = 1; i < NF; i += 2) print $i}'); do
    row=()
    for d in "$a" "$b"; do
        row+=("$(tr '|' '\n' <<< "${t[$d.ops]}" | grep . | awk -v n="$name" '{for (i = 1; i < NF; i += 2) if ($i == n) print $(i + 1)}' | median)")
    done
    printf '%-18s %12s %12s\n' "$name" "${row[0]}" "${row[1]}"
done
echo "A: $a ($(git -C "$a" log -1 --format=%h)), B: $b ($(git -C "$b" log -1 --format=%h)); $runs runs each, medians"
