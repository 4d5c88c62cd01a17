#!/usr/bin/env bash
# lax.conv (and its gradients, max pooling) against the same im2col + matmul in NumPy, and
# PyTorch's conv2d when python3-torch is installed: one command, the peers one after another.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bench/peers/run.sh bench/conv
