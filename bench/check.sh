#!/usr/bin/env bash
# Times `jx check` on a generated 2,000-line script two ways: as processes, against `jx check` of a
# one-line file (the same JVM start-up, session and checker set-up, nothing to check), so the
# difference is what checking costs in a fresh JVM; and in one warmed-up JVM (bench/CheckBench.java).
# Usage: bench/check.sh [RUNS]   (prints medians; writes nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
script=$(mktemp --suffix=.jx)

# 100 blocks of 20 lines: defs, array code, grad, loops, pytrees, comprehensions, prints.
for i in $(seq 1 100); do
cat >> "$script" <<JX
def layer_$i(w, b, x):
    h = x @ w + b
    return jnp.tanh(h)

w_$i = jnp.ones((8, 8)) * 0.1
b_$i = jnp.zeros(8)
x_$i = jnp.ones((4, 8))
y_$i = layer_$i(w_$i, b_$i, x_$i)
def loss_$i(w):
    return jnp.mean(layer_$i(w, b_$i, x_$i) ** 2)
g_$i = jax.grad(loss_$i)(w_$i)
acc_$i = 0
for k in range(5):
    acc_$i = acc_$i + k
params_$i = {"w": w_$i, "b": b_$i}
new_$i = jax.tree_util.tree_map(lambda p: p * 0.5, params_$i)
xs_$i = [v * 2 for v in range(4)]
ys_$i = xs_$i + [acc_$i]
print(f"block $i: {jnp.sum(y_$i):.3f}", len(ys_$i))
assert g_$i.shape == (8, 8)
JX
done

./jx check "$script" # builds the jar if needed and shows the script checks cleanly
lines=$(wc -l < "$script")

empty=$(mktemp --suffix=.jx)
trap 'rm -f "$script" "$empty"' EXIT
echo pass > "$empty"

# Milliseconds of one run of the command.
ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

# The three commands take turns, so that a change in the machine's load hits them alike.
check=() empty_check=() pass=()
for _ in $(seq 1 "$runs"); do
    check+=("$(ms ./jx check "$script")")
    empty_check+=("$(ms ./jx check "$empty")")
    pass+=("$(ms ./jx -c pass)")
done
check=$(printf '%s\n' "${check[@]}" | median)
empty_check=$(printf '%s\n' "${empty_check[@]}" | median)
pass=$(printf '%s\n' "${pass[@]}" | median)
echo "script: $lines lines; runs: $runs (medians)"
echo "jx check script:        ${check} ms"
echo "jx check one-line file: ${empty_check} ms (start-up: JVM, session, the checker's set-up)"
echo "checking alone:         $(( check - empty_check )) ms (fresh JVM)"
echo "jx -c pass:             ${pass} ms (for comparison: start-up of a run)"
# A JDK >= 21 for the in-JVM run: $JAVA, else the newest under /usr/lib/jvm.
java=${JAVA:-$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -1)}
"$java" -XX:+UseSerialGC -Xlog:disable -cp repl/target/jx.jar bench/CheckBench.java "$script" 40
