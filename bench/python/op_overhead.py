"""PyTorch reference for bench/Trainer.Bench.

Per-op mode: times the same tensor operations as the C# benchmark, with the same warm-up and repetition
counts, and prints one line per operation: `<name> <median ns per op>`.
AdamW mode (--adamw): times torch.optim.AdamW steps over GPT-2 small's parameter shapes (124M float32),
foreach off and on, and prints `<name> <median ms per step>`; --malloc-tuning 1 first applies the same
glibc mallopt as the C# AllocatorTuning.
Lines starting with '#' are comments.

Usage: python3 op_overhead.py [--iterations N] [--repetitions R] [--big-iterations M] [--threads T]
       python3 op_overhead.py --adamw [--warmup W] [--steps S] [--threads T] [--malloc-tuning 0|1]
"""
import argparse
import ctypes
import gc
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


def gpt2_shapes():
    """GPT-2 small's parameter shapes (124,439,808 parameters), as bench/Trainer.Bench/Gpt2Shapes.cs."""
    d = 768
    shapes = [(50257, d), (1024, d)]
    for _ in range(12):
        shapes += [(d,), (d,), (d, 3 * d), (3 * d,), (d, d), (d,), (d,), (d,), (d, 4 * d), (4 * d,), (4 * d, d), (d,)]
    return shapes + [(d,), (d,)]


def tune_malloc():
    """The C# AllocatorTuning: M_MMAP_THRESHOLD (-3) 32 MiB, M_TRIM_THRESHOLD (-1) 512 MiB."""
    libc = ctypes.CDLL("libc.so.6")
    return libc.mallopt(-3, 32 << 20) == 1 and libc.mallopt(-1, 512 << 20) == 1


def adamw(s):
    print(f"# malloc tuning {tune_malloc() if s.malloc_tuning else False}")
    g = torch.Generator().manual_seed(0)
    params = [torch.nn.Parameter(torch.randn(shape, generator=g)) for shape in gpt2_shapes()]
    for p in params:
        p.grad = torch.randn(p.shape, generator=g)
    for foreach in (False, True):
        optimizer = torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, foreach=foreach)
        for _ in range(s.warmup):
            optimizer.step()
        samples = []
        for _ in range(s.steps):
            start = time.perf_counter_ns()
            optimizer.step()
            samples.append((time.perf_counter_ns() - start) / 1e6)
        print(f"torch_adamw_foreach_{'on' if foreach else 'off'} {statistics.median(samples):.2f}", flush=True)
        del optimizer
        gc.collect()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=200000)
    parser.add_argument("--big-iterations", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=11)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--adamw", action="store_true")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=7)
    parser.add_argument("--malloc-tuning", type=int, default=1)
    s = parser.parse_args()
    torch.set_num_threads(s.threads)
    print(f"# threads {torch.get_num_threads()} torch {torch.__version__}")
    if s.adamw:
        adamw(s)
        return

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
