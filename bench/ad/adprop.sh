#!/usr/bin/env bash
# A longer run of the property-based AD test (stdlib/src/test/java/jx/adprop): N generated programs
# from SEED in one JVM, each jax.grad (and, for scalar functions, grad of grad) checked against
# float64 finite differences. Prints the summary (right, wrong, rejected and why); the programs
# that fail are written to stdlib/target/adprop/.
#   bench/ad/adprop.sh [N=20000] [SEED=1]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n=${1:-20000}
seed=${2:-1}
echo "adprop run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $n programs from seed $seed" >&2
rm -f stdlib/target/adprop/summary.txt
mvn -B -q -o verify -pl interpreter,stdlib -am -Dtest=AdPropertyTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djx.adprop.programs="$n" -Djx.adprop.seed="$seed" >stdlib/target/adprop-mvn.log 2>&1 || true
cat stdlib/target/adprop/summary.txt 2>/dev/null || { echo "no summary: see stdlib/target/adprop-mvn.log"; tail -30 stdlib/target/adprop-mvn.log; exit 1; }
