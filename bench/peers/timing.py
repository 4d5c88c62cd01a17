"""The timer the peers' workload files share: median_ms runs f warmups times, then reps times (as jx's)."""
import time


def median_ms(f, reps=7, warmups=5):
    for _ in range(warmups):
        f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000.0)
    return sorted(times)[reps // 2]


def report(name, ms):
    print(f"{name} {ms:.4f}")
