package dev.sheaf.backend.cpu;

import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Float32 unary ops, broadcast selects and arg-extremes as Java loops: the ops oneDNN has no primitive for with the
 * SPI's semantics, and the cheap ones whose oneDNN call costs more than the loop on a training step's sizes.
 */
final class JavaElementwise {
    private JavaElementwise() {
    }

    /** {@code cond ? a : b} for float32 {@code a}, {@code b}, broadcast to {@code out}. */
    static CpuTensor where(CpuBackend backend, CpuTensor cond, CpuTensor a, CpuTensor b, Shape out) {
        int n = out.elementCountAsInt();
        int[] ic = Broadcasting.index(cond.shape(), out);
        int[] ia = Broadcasting.index(a.shape(), out);
        int[] ib = Broadcasting.index(b.shape(), out);
        ByteBuffer c = cond.buffer();
        FloatBuffer fa = a.buffer().asFloatBuffer();
        FloatBuffer fb = b.buffer().asFloatBuffer();
        CpuTensor r = CpuTensor.allocate(backend, out, DType.FLOAT32);
        FloatBuffer rf = r.buffer().asFloatBuffer();
        for (int i = 0; i < n; i++) {
            boolean t = c.get(ic == null ? i : ic[i]) != 0;
            rf.put(i, t ? fa.get(ia == null ? i : ia[i]) : fb.get(ib == null ? i : ib[i]));
        }
        return r;
    }

    /**
     * Index of the largest (or smallest) element along {@code axis} of a float32 tensor, as int64; ties go to the
     * first, NaN wins (the reference's rule).
     */
    static CpuTensor argExtreme(CpuBackend backend, CpuTensor x, int axis, boolean keepDims, boolean max) {
        long[] d = x.shape().dims();
        int len = (int) d[axis];
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) d[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < d.length; i++) {
            inner *= (int) d[i];
        }
        long[] od = d.clone();
        od[axis] = 1;
        Shape out = keepDims ? Shape.of(od) : x.shape().remove(axis);
        CpuTensor r = CpuTensor.allocate(backend, out, DType.INT64);
        FloatBuffer f = x.buffer().asFloatBuffer();
        ByteBuffer rb = r.buffer();
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                int best = 0;
                float bv = f.get(base);
                if (!Float.isNaN(bv)) {
                    for (int k = 1; k < len; k++) {
                        float v = f.get(base + k * inner);
                        if (Float.isNaN(v)) {
                            best = k;
                            break;
                        }
                        if (max ? v > bv : v < bv) {
                            best = k;
                            bv = v;
                        }
                    }
                }
                rb.putLong((o * inner + in) << 3, best);
            }
        }
        return r;
    }

    /** The float32 unary ops computed here (through double, as the reference does, so results agree exactly). */
    static boolean handles(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, RELU, SIGN, FLOOR, CEIL, ROUND, RECIPROCAL, RSQRT, SIN, COS, ISNAN, ISINF,
                 NEG, ABS, SQUARE, SQRT -> true;
            default -> false;
        };
    }

    static CpuTensor unary(CpuBackend backend, UnaryOp op, CpuTensor x) {
        int n = HostData.count(x);
        float[] v = Scratch.get().load(0, x);
        if (op == UnaryOp.ISNAN || op == UnaryOp.ISINF) {
            CpuTensor r = CpuTensor.allocate(backend, x.shape(), DType.BOOL);
            ByteBuffer b = r.buffer();
            for (int i = 0; i < n; i++) {
                boolean t = op == UnaryOp.ISNAN ? Float.isNaN(v[i]) : Float.isInfinite(v[i]);
                b.put(i, t ? (byte) 1 : 0);
            }
            return r;
        }
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
                // A float product of two floats rounds once, as the reference's double product rounded to float.
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * v[i];
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.sqrt(v[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    // x < 0 ? 0 : x (NaN and -0.0 stay) as a bit mask: a branch on the sign of activations is a coin
                    // flip, and the mispredictions cost several times the loop.
                    int bits = Float.floatToRawIntBits(v[i]);
                    v[i] = Float.intBitsToFloat(bits & ~FloatLoops.negative(v[i]));
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.exp(v[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.log(v[i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.log1p(v[i]);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.expm1(v[i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.signum(v[i]);
                }
            }
            case FLOOR -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.floor(v[i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.ceil(v[i]);
                }
            }
            case ROUND -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.rint(v[i]);
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = 1f / v[i];
                }
            }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (1.0 / Math.sqrt(v[i]));
                }
            }
            case SIN -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.sin(v[i]);
                }
            }
            case COS -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.cos(v[i]);
                }
            }
            default -> throw new IllegalArgumentException("unary " + op + " is not a Java loop here");
        }
        return Scratch.store(backend, x.shape(), v);
    }

    /** Whether a float32 tensor holds NaN or an infinity (where oneDNN's softmax departs from the SPI). */
    static boolean hasNonFinite(CpuTensor x) {
        int n = HostData.count(x);
        float[] v = Scratch.get().load(0, x);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(v[i])) {
                return true;
            }
        }
        return false;
    }
}
