#!/usr/bin/env bash
# Jitted jx (CPU backend) against NumPy and PyTorch on one machine in one command: the workloads of
# this folder (workloads.jx, workloads_numpy.py, workloads_torch.py) through the peers' harness;
# times in ms (cache_hit_call_us in µs) and ratios jx / peer, lower is better.
exec "$(dirname "$0")/../peers/run.sh" bench/jit
