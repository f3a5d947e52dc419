"""PyTorch reference for bench/Trainer.Bench.

Times the same tensor operations as the C# benchmark and the libtorch C++ program, with the same
warm-up and repetition counts, and prints one line per operation: `<name> <median ns per op>`.
Lines starting with '#' are comments.

Usage: python3 op_overhead.py [--iterations N] [--repetitions R] [--big-iterations M] [--threads T]
"""
import argparse
import statistics
import time

import torch


def measure(name, loop, iterations, repetitions):
    """Runs loop(iterations) once as warm-up, then `repetitions` times; prints the median ns per op."""
    loop(max(1, iterations // 2))
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter_ns()
        loop(iterations)
        samples.append((time.perf_counter_ns() - start) / iterations)
    print(f"{name} {statistics.median(samples):.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=200000)
    parser.add_argument("--big-iterations", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=11)
    parser.add_argument("--threads", type=int, default=1)
    s = parser.parse_args()
    torch.set_num_threads(s.threads)
    print(f"# threads {torch.get_num_threads()} torch {torch.__version__}")

    # Each loop calls the op directly (no lambda per call), as a training script would.
    a, b = torch.rand(16), torch.rand(16)

    def get_num_threads(n):
        for _ in range(n):
            torch.get_num_threads()

    def add_inplace_16(n):
        for _ in range(n):
            a.add_(b)

    def add_alpha_inplace_16(n):
        for _ in range(n):
            a.add_(b, alpha=0.5)

    def add_16(n):
        for _ in range(n):
            a.add(b)

    def mul_scalar_inplace_16(n):
        for _ in range(n):
            a.mul_(2.0)

    small = (get_num_threads, add_inplace_16, add_alpha_inplace_16, add_16, mul_scalar_inplace_16)
    for loop in small:
        measure(loop.__name__, loop, s.iterations, s.repetitions)

    x, y = torch.rand(16 << 20), torch.rand(16 << 20)

    def add_16M(n):
        for _ in range(n):
            x.add(y)

    def add_inplace_16M(n):
        for _ in range(n):
            x.add_(y)

    for loop in (add_16M, add_inplace_16M):
        measure(loop.__name__, loop, s.big_iterations, s.repetitions)


if __name__ == "__main__":
    main()
