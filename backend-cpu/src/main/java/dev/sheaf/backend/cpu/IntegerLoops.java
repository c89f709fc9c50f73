package dev.sheaf.backend.cpu;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * int32/int64 addition, subtraction and multiplication (two's complement wrap-around, as the reference computes them)
 * with broadcasting. Counters such as an optimizer's iteration count take this path every step, which was a round
 * trip through the reference backend.
 */
final class IntegerLoops {
    private IntegerLoops() {
    }

    static boolean handles(BinaryOp op, DType dtype) {
        return (dtype == DType.INT32 || dtype == DType.INT64)
                && (op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL);
    }

    static CpuTensor binary(CpuBackend backend, BinaryOp op, CpuTensor a, CpuTensor b, Shape out) {
        int n = out.elementCountAsInt();
        int[] ia = Broadcasting.index(a.shape(), out);
        int[] ib = Broadcasting.index(b.shape(), out);
        long[] x = HostData.integral(a);
        long[] y = HostData.integral(b);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            long u = x[ia == null ? i : ia[i]];
            long v = y[ib == null ? i : ib[i]];
            r[i] = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                default -> u * v;
            };
        }
        CpuTensor t = CpuTensor.allocate(backend, out, a.dtype());
        HostData.write(t, r); // int32 keeps the low 32 bits: the wrap-around of int arithmetic
        return t;
    }
}
