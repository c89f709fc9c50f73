package dev.sheaf.backend.cpu;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ScalarMath;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Binary ops with numpy broadcasting for every dtype the float32 loops ({@link FloatLoops}) and oneDNN do not cover:
 * float64, float32 {@code POW}, integer arithmetic and comparisons, and bool comparisons and logic. Floats are widened
 * to {@code double} and rounded once back to their type, integers and bools to {@code long} and narrowed back (int32
 * wraps as int arithmetic); a broadcast operand is walked with stride 0 ({@link RowWalk}). The arithmetic is the
 * reference backend's, in the same precision, so results agree with it bit for bit:
 * <ul>
 *   <li>float {@code POW} is C99 {@code pow} ({@link ScalarMath#pow(double, double)}): {@code pow(1, y) = 1} and
 *       {@code pow(-1, ±inf) = 1}, NaN included;</li>
 *   <li>integer {@code DIV} truncates toward zero and gives 0 for a zero divisor (never throws; {@code MIN / -1}
 *       wraps to {@code MIN});</li>
 *   <li>integer {@code POW} is the exact power wrapping on overflow; a negative exponent gives 0 unless |a| = 1;</li>
 *   <li>float {@code MAX}/{@code MIN} propagate NaN.</li>
 * </ul>
 */
final class WideBinary {
    private WideBinary() {
    }

    /** {@code a op b} broadcast to {@code out}; operands have equal dtypes (checked by the engine). */
    static CpuTensor apply(CpuBackend backend, BinaryOp op, CpuTensor a, CpuTensor b, Shape out) {
        DType dt = a.dtype();
        boolean compare = op.isComparison();
        if (!compare && dt == DType.BOOL) {
            // Before the allocation: a result allocated first was left behind by this exception.
            throw new IllegalArgumentException("binary " + op + " takes numeric operands, got bool; cast first");
        }
        CpuTensor r = CpuTensor.allocate(backend, out, compare ? DType.BOOL : dt);
        int n = out.elementCountAsInt();
        if (n == 0) {
            return r;
        }
        RowWalk w = new RowWalk(out, a.shape(), b.shape());
        WideScratch s = WideScratch.get();
        if (compare) {
            byte[] t = Scratch.get().bytes(n);
            if (dt.isFloating()) {
                double[] x = s.loadDoubles(0, a);
                double[] y = s.loadDoubles(1, b);
                for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
                    compare(op, x, w.offA, w.stepA, y, w.offB, w.stepB, t, o, w.len);
                    w.advance();
                }
            } else {
                long[] x = s.loadLongs(0, a);
                long[] y = s.loadLongs(1, b);
                for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
                    compare(op, x, w.offA, w.stepA, y, w.offB, w.stepB, t, o, w.len);
                    w.advance();
                }
            }
            r.buffer().put(0, t, 0, n);
            return r;
        }
        if (dt.isFloating()) {
            double[] x = s.loadDoubles(0, a);
            double[] y = s.loadDoubles(1, b);
            double[] z = s.doubles(2, n);
            DoubleBinaryOperator f = floatArithmetic(op);
            for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
                arithmetic(f, x, w.offA, w.stepA, y, w.offB, w.stepB, z, o, w.len);
                w.advance();
            }
            s.store(r, z);
        } else {
            long[] x = s.loadLongs(0, a);
            long[] y = s.loadLongs(1, b);
            long[] z = s.longs(2, n);
            LongBinaryOperator f = integerArithmetic(op);
            for (int row = 0, o = 0; row < w.rows; row++, o += w.len) {
                arithmetic(f, x, w.offA, w.stepA, y, w.offB, w.stepB, z, o, w.len);
                w.advance();
            }
            s.store(r, z);
        }
        return r;
    }

    /**
     * {@code r[o + i] = f(x[ox + i*sx], y[oy + i*sy])}. One loop for every op: these are the float64 and integer ops,
     * rare in a training step, where a call per element costs little; float32 has its own loops ({@link FloatLoops}).
     */
    private static void arithmetic(DoubleBinaryOperator f, double[] x, int ox, int sx, double[] y, int oy, int sy,
                                   double[] r, int o, int len) {
        for (int i = 0; i < len; i++) {
            r[o + i] = f.applyAsDouble(x[ox + i * sx], y[oy + i * sy]);
        }
    }

    private static void arithmetic(LongBinaryOperator f, long[] x, int ox, int sx, long[] y, int oy, int sy,
                                   long[] r, int o, int len) {
        for (int i = 0; i < len; i++) {
            r[o + i] = f.applyAsLong(x[ox + i * sx], y[oy + i * sy]);
        }
    }

    private static DoubleBinaryOperator floatArithmetic(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> ScalarMath::pow;
            case MAX -> Math::max;
            case MIN -> Math::min;
            default -> throw new IllegalArgumentException("binary " + op + " is not arithmetic");
        };
    }

    private static LongBinaryOperator integerArithmetic(BinaryOp op) {
        return switch (op) {
            case ADD -> Long::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            // Widened int32 operands divide to the same low 32 bits as int division (MIN / -1 included).
            case DIV -> (a, b) -> b == 0 ? 0 : a / b;
            case POW -> ScalarMath::pow;
            case MAX -> Math::max;
            case MIN -> Math::min;
            default -> throw new IllegalArgumentException("binary " + op + " is not arithmetic");
        };
    }

    /** IEEE comparisons: every one involving NaN is false except NE. */
    private static void compare(BinaryOp op, double[] x, int ox, int sx, double[] y, int oy, int sy, byte[] r, int o,
                                int len) {
        for (int i = 0; i < len; i++) {
            double u = x[ox + i * sx];
            double v = y[oy + i * sy];
            boolean t = switch (op) {
                case EQ -> u == v;
                case NE -> u != v;
                case LT -> u < v;
                case LE -> u <= v;
                case GT -> u > v;
                case GE -> u >= v;
                case AND -> u != 0 && v != 0;
                case OR -> u != 0 || v != 0;
                default -> throw new IllegalArgumentException("binary " + op + " is not a comparison");
            };
            r[o + i] = t ? (byte) 1 : 0;
        }
    }

    private static void compare(BinaryOp op, long[] x, int ox, int sx, long[] y, int oy, int sy, byte[] r, int o,
                                int len) {
        for (int i = 0; i < len; i++) {
            long u = x[ox + i * sx];
            long v = y[oy + i * sy];
            boolean t = switch (op) {
                case EQ -> u == v;
                case NE -> u != v;
                case LT -> u < v;
                case LE -> u <= v;
                case GT -> u > v;
                case GE -> u >= v;
                case AND -> u != 0 && v != 0;
                case OR -> u != 0 || v != 0;
                default -> throw new IllegalArgumentException("binary " + op + " is not a comparison");
            };
            r[o + i] = t ? (byte) 1 : 0;
        }
    }
}
