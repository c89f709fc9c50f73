#!/usr/bin/env python3
"""PyTorch's float32 matrix product on the shapes of MatMulBenchmark, to put beside it in one run.

Usage: BENCH_THREADS=2 /usr/bin/python3 benchmarks/torch_matmul.py [MxKxN ...]
Prints one line per shape: mean ms per product (torch.mm into a preallocated output, after warm-up) and GFLOP/s.
"""
import os
import sys
import time

import torch

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
SHAPES = sys.argv[1:] or ["1024x1024x1024", "1000x784x128", "128x784x128"]


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    for spec in SHAPES:
        m, k, n = (int(v) for v in spec.split("x"))
        a = torch.rand(m, k) * 2 - 1
        b = torch.rand(k, n) * 2 - 1
        out = torch.empty(m, n)
        flop = 2.0 * m * k * n
        reps = max(20, int(2e10 / flop))  # about 2 s at 10 GFLOP/s
        for _ in range(reps // 4):
            torch.mm(a, b, out=out)
        best = None
        for _ in range(5):  # five measured rounds, as the JMH side's five iterations
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=out)
            ms = (time.perf_counter() - t0) * 1e3 / reps
            best = ms if best is None else min(best, ms)
            print(f"torch.mm {spec} threads={THREADS}: {ms:.4f} ms ({flop / ms / 1e6:.1f} GFLOP/s)")
        print(f"torch.mm {spec} threads={THREADS}: best {best:.4f} ms ({flop / best / 1e6:.1f} GFLOP/s)")


if __name__ == "__main__":
    main()
