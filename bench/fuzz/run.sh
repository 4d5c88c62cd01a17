#!/usr/bin/env bash
# A longer run of the in-repository fuzz test (stdlib/src/test/java/jx/fuzz): N programs from SEED,
# one JVM. Prints the summary line (programs, seconds, programs per second, outcomes) and any defect;
# failing programs are written to stdlib/target/fuzz/defect-*.jx.
#   bench/fuzz/run.sh [N=100000] [SEED=18] [BUDGET_MS=1000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n=${1:-100000}
seed=${2:-18}
budget=${3:-1000}
echo "fuzz run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $n programs, seed $seed, budget ${budget} ms" >&2
mkdir -p stdlib/target
rm -f stdlib/target/fuzz/summary.txt
mvn -B -q -o verify -pl interpreter,stdlib -am -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djx.fuzz.programs="$n" -Djx.fuzz.seed="$seed" -Djx.fuzz.budget.ms="$budget" >stdlib/target/fuzz-mvn.log 2>&1 || true
cat stdlib/target/fuzz/summary.txt 2>/dev/null || { echo "no summary: see stdlib/target/fuzz-mvn.log"; tail -30 stdlib/target/fuzz-mvn.log; exit 1; }
