package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ScalarMath;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import java.nio.ByteBuffer;

/**
 * Unary ops of every dtype that neither oneDNN nor the float32 loops ({@link JavaElementwise}) cover: float64, the
 * float32 functions oneDNN lacks (erf), integers, and bool {@code NOT}. One loop per op serves each family of dtypes:
 * floats are widened to {@code double} and rounded once back to their type, integers to {@code long} and narrowed back
 * (int32 wraps as int arithmetic). These are the reference backend's formulas in the same precision, so the results
 * agree with it bit for bit.
 */
final class WideUnary {

    private WideUnary() {
    }

    /** {@code op} applied to every element of {@code x} (the engine has checked that {@code op} takes its dtype). */
    static CpuTensor apply(CpuBackend backend, UnaryOp op, CpuTensor x) {
        DType dt = x.dtype();
        if (op == UnaryOp.ISNAN || op == UnaryOp.ISINF) {
            return predicate(backend, op, x);
        }
        if (op == UnaryOp.NOT) {
            CpuTensor r = CpuTensor.allocate(backend, x.shape(), DType.BOOL);
            int n = HostData.count(x);
            byte[] v = new byte[n];
            x.buffer().get(0, v, 0, n);
            for (int i = 0; i < n; i++) {
                v[i] ^= 1; // bools are stored as 0 or 1
            }
            r.buffer().put(0, v, 0, n);
            return r;
        }
        CpuTensor r = CpuTensor.allocate(backend, x.shape(), dt);
        WideScratch s = WideScratch.get();
        int n = HostData.count(x);
        if (dt.isFloating()) {
            double[] v = s.loadDoubles(0, x);
            floating(op, v, n);
            s.store(r, v);
        } else {
            long[] v = s.loadLongs(0, x);
            integral(op, v, n);
            s.store(r, v);
        }
        return r;
    }

    private static CpuTensor predicate(CpuBackend backend, UnaryOp op, CpuTensor x) {
        CpuTensor r = CpuTensor.allocate(backend, x.shape(), DType.BOOL);
        if (!x.dtype().isFloating()) {
            Fill.fill(r, 0); // integers are never NaN or infinite
            return r;
        }
        double[] v = WideScratch.get().loadDoubles(0, x);
        ByteBuffer b = r.buffer();
        boolean nan = op == UnaryOp.ISNAN;
        for (int i = 0, n = HostData.count(x); i < n; i++) {
            b.put(i, (nan ? Double.isNaN(v[i]) : Double.isInfinite(v[i])) ? (byte) 1 : 0);
        }
        return r;
    }

    /** {@code v[i] = op(v[i])} in double, for {@code i < n}. */
    private static void floating(UnaryOp op, double[] v, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = -v[i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(v[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * v[i];
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.sqrt(v[i]);
                }
            }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = 1.0 / Math.sqrt(v[i]);
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = 1.0 / v[i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] > 0 || Double.isNaN(v[i]) ? v[i] : 0.0;
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.signum(v[i]);
                }
            }
            case FLOOR -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.floor(v[i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.ceil(v[i]);
                }
            }
            case ROUND -> {
                // Math.rint rounds half to even, as numpy.round.
                for (int i = 0; i < n; i++) {
                    v[i] = Math.rint(v[i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.exp(v[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.log(v[i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.log1p(v[i]);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.expm1(v[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.tanh(v[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    v[i] = ScalarMath.sigmoid(v[i]);
                }
            }
            case ERF -> {
                for (int i = 0; i < n; i++) {
                    v[i] = ScalarMath.erf(v[i]);
                }
            }
            case SIN -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.sin(v[i]);
                }
            }
            case COS -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.cos(v[i]);
                }
            }
            default -> throw new IllegalArgumentException("unary " + op + " does not give a float result");
        }
    }

    /** {@code v[i] = op(v[i])} in long for {@code i < n}; narrowed back to int32 it wraps as int arithmetic would. */
    private static void integral(UnaryOp op, long[] v, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = -v[i];
                }
            }
            case ABS -> {
                // |int32 MIN| is 2^31, narrowed back to MIN: Math.abs on an int gives the same.
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(v[i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Long.signum(v[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * v[i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(v[i], 0);
                }
            }
            case FLOOR, CEIL, ROUND -> {
                // The identity on integers.
            }
            default -> throw new IllegalArgumentException("unary " + op + " takes a float tensor, not an integer one");
        }
    }
}
