"""The timer the peers' workload files share: median_ms runs f once to warm up, then reps times."""
import time


def median_ms(f, reps=5):
    f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000.0)
    return sorted(times)[reps // 2]


def report(name, ms):
    print(f"{name} {ms:.4f}")
