package dev.sheaf.backend.cpu;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * Float32 binary ops and selects with numpy broadcasting as Java loops over heap copies ({@link Scratch}). For the
 * small and medium tensors of a training step these beat a oneDNN primitive, whose OpenMP team must be woken for
 * every call; a broadcast operand is walked with stride 0 instead of being materialised or index-mapped.
 *
 * <p>The result of every op is the IEEE float32 operation on the two elements, as the reference backend computes it
 * (its float32 ops round once), so the two agree bit for bit.
 */
final class FloatLoops {
    /** Above this many elements, arithmetic goes to oneDNN's binary primitive, which uses every core. */
    static final int NATIVE_THRESHOLD = 1 << 18;

    private FloatLoops() {
    }

    /** Whether {@link #binary} computes {@code op}. */
    static boolean handles(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAX, MIN, EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** {@code a op b} for float32 operands broadcast to a non-empty {@code out}; comparisons give bool. */
    static CpuTensor binary(CpuBackend backend, BinaryOp op, CpuTensor a, CpuTensor b, Shape out) {
        Scratch s = Scratch.get();
        int n = out.elementCountAsInt();
        float[] x = s.load(0, a);
        float[] y = s.load(1, b);
        RowWalk w = new RowWalk(out, a.shape(), b.shape());
        if (op.isComparison()) {
            byte[] r = s.bytes(n);
            for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
                compare(op, x, w.offA, w.stepA, y, w.offB, w.stepB, r, o, w.len);
                w.advance();
            }
            CpuTensor t = CpuTensor.allocate(backend, out, DType.BOOL);
            t.buffer().put(0, r, 0, n);
            return t;
        }
        float[] r = s.floats(2, n);
        for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
            arithmetic(op, x, w.offA, w.stepA, y, w.offB, w.stepB, r, o, w.len);
            w.advance();
        }
        return Scratch.store(backend, out, r);
    }

    /** The relu gradient {@code x > 0 ? grad : 0} of two float32 tensors of one shape, in one pass. */
    static CpuTensor reluBackward(CpuBackend backend, CpuTensor grad, CpuTensor x) {
        Scratch s = Scratch.get();
        int n = (int) x.size();
        float[] g = s.load(0, grad);
        float[] v = s.load(1, x);
        float[] r = s.floats(2, n);
        for (int i = 0; i < n; i++) {
            // x > 0 as a bit mask, not a branch (half the branches of a relu gradient are mispredicted): the bits of
            // a float above +0 and at most +inf are exactly those in [1, 0x7f800000]; either difference below goes
            // negative otherwise (NaN, -0, negatives), and its sign smeared over the word clears the gradient.
            int bits = Float.floatToRawIntBits(v[i]);
            int drop = ((0x7f800000 - bits) | (bits - 1)) >> 31;
            r[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & ~drop);
        }
        return Scratch.store(backend, x.shape(), r);
    }

    /** {@code cond ? a : b} for float32 {@code a}, {@code b} whose operands are each full-size or a single element. */
    static CpuTensor whereSimple(CpuBackend backend, CpuTensor cond, CpuTensor a, CpuTensor b, Shape out) {
        Scratch s = Scratch.get();
        int n = out.elementCountAsInt();
        float[] x = s.load(0, a);
        float[] y = s.load(1, b);
        byte[] c = s.bytes(n);
        cond.buffer().get(0, c, 0, (int) cond.size());
        int sc = cond.size() == 1 ? 0 : 1;
        int sa = a.size() == 1 ? 0 : 1;
        int sb = b.size() == 1 ? 0 : 1;
        float[] r = s.floats(2, n);
        for (int i = 0; i < n; i++) {
            // A bit-mask select, not a branch: on a relu gradient the condition is a coin flip and mispredicted
            // branches cost several times the loop.
            int ci = c[i * sc];
            int mask = (ci | -ci) >> 31;
            int bits = Float.floatToRawIntBits(x[i * sa]) & mask | Float.floatToRawIntBits(y[i * sb]) & ~mask;
            r[i] = Float.intBitsToFloat(bits);
        }
        return Scratch.store(backend, out, r);
    }

    /** Whether every operand is either of the result's size or a single element (no index arithmetic needed). */
    static boolean flat(Shape out, CpuTensor... operands) {
        long n = out.elementCount();
        for (CpuTensor t : operands) {
            if (t.size() != n && t.size() != 1) {
                return false;
            }
        }
        return true;
    }

    private static void arithmetic(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] r,
                                   int o, int len) {
        // The contiguous and scalar-operand cases are written out so that C2 vectorises them.
        if (sx == 1 && sy == 1) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] + y[oy + i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] - y[oy + i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] * y[oy + i];
                    }
                }
                case DIV -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] / y[oy + i];
                    }
                }
                default -> generic(op, x, ox, sx, y, oy, sy, r, o, len);
            }
        } else if (sx == 1 && sy == 0) {
            float v = y[oy];
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] + v;
                    }
                }
                case SUB -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] - v;
                    }
                }
                case MUL -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] * v;
                    }
                }
                case DIV -> {
                    for (int i = 0; i < len; i++) {
                        r[o + i] = x[ox + i] / v;
                    }
                }
                default -> generic(op, x, ox, sx, y, oy, sy, r, o, len);
            }
        } else {
            generic(op, x, ox, sx, y, oy, sy, r, o, len);
        }
    }

    private static void generic(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] r,
                                int o, int len) {
        for (int i = 0; i < len; i++) {
            float u = x[ox + i * sx];
            float v = y[oy + i * sy];
            r[o + i] = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
                case MAX -> Math.max(u, v);
                case MIN -> Math.min(u, v);
                default -> throw new IllegalArgumentException("binary " + op + " is not arithmetic");
            };
        }
    }

    private static void compare(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, byte[] r, int o,
                                int len) {
        if (op == BinaryOp.GT || op == BinaryOp.LT) {
            // Branch-free: u > v exactly when v - u is negative and not zero or NaN (the sign of a float difference
            // is exact, also with infinities and subnormals; inf - inf is NaN, as equal infinities are not greater).
            boolean gt = op == BinaryOp.GT;
            for (int i = 0; i < len; i++) {
                float u = x[ox + i * sx];
                float v = y[oy + i * sy];
                r[o + i] = (byte) -negative(gt ? v - u : u - v);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            float u = x[ox + i * sx];
            float v = y[oy + i * sy];
            boolean t = switch (op) {
                case EQ -> u == v;
                case NE -> u != v;
                case LT -> u < v;
                case LE -> u <= v;
                case GT -> u > v;
                case GE -> u >= v;
                default -> throw new IllegalArgumentException("binary " + op + " is not a comparison");
            };
            r[o + i] = t ? (byte) 1 : 0;
        }
    }

    /** -1 if {@code d} is negative (not -0.0, not NaN), else 0; without a branch. */
    static int negative(float d) {
        int bits = Float.floatToRawIntBits(d);
        int abs = bits & 0x7fffffff;
        return bits >> 31 & ~((abs - 1) >> 31) & (abs - 0x7f800001) >> 31;
    }
}
