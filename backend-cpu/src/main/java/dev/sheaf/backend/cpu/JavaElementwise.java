package dev.sheaf.backend.cpu;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Float32 element-wise ops oneDNN has no primitive for with the SPI's semantics (comparisons returning bool, select,
 * NaN-propagating max/min), as Java loops over the native buffers with numpy broadcasting.
 */
final class JavaElementwise {
    private JavaElementwise() {
    }

    static boolean handles(BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, LE, GT, GE, MAX, MIN -> true;
            default -> false;
        };
    }

    /** {@code a op b} for float32 operands and one of the ops {@link #handles} accepts. */
    static CpuTensor binary(CpuBackend backend, BinaryOp op, CpuTensor a, CpuTensor b, Shape out) {
        int n = out.elementCountAsInt();
        int[] ia = Broadcasting.index(a.shape(), out);
        int[] ib = Broadcasting.index(b.shape(), out);
        FloatBuffer fa = a.buffer().asFloatBuffer();
        FloatBuffer fb = b.buffer().asFloatBuffer();
        boolean compare = op.isComparison();
        CpuTensor r = CpuTensor.allocate(backend, out, compare ? DType.BOOL : DType.FLOAT32);
        ByteBuffer rb = r.buffer();
        FloatBuffer rf = compare ? null : rb.asFloatBuffer();
        for (int i = 0; i < n; i++) {
            float x = fa.get(ia == null ? i : ia[i]);
            float y = fb.get(ib == null ? i : ib[i]);
            switch (op) {
                case EQ -> rb.put(i, x == y ? (byte) 1 : 0);
                case NE -> rb.put(i, x != y ? (byte) 1 : 0);
                case LT -> rb.put(i, x < y ? (byte) 1 : 0);
                case LE -> rb.put(i, x <= y ? (byte) 1 : 0);
                case GT -> rb.put(i, x > y ? (byte) 1 : 0);
                case GE -> rb.put(i, x >= y ? (byte) 1 : 0);
                case MAX -> rf.put(i, Math.max(x, y));
                case MIN -> rf.put(i, Math.min(x, y));
                default -> throw new IllegalArgumentException("binary " + op + " is not a Java loop here");
            }
        }
        return r;
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
            case EXP, LOG, LOG1P, EXPM1, RELU, SIGN, FLOOR, CEIL, ROUND, RECIPROCAL, RSQRT, SIN, COS, ISNAN, ISINF -> true;
            default -> false;
        };
    }

    static CpuTensor unary(CpuBackend backend, UnaryOp op, CpuTensor x) {
        int n = HostData.count(x);
        float[] v = new float[n];
        x.buffer().asFloatBuffer().get(v);
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
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    // Written so that NaN stays NaN and -0.0 becomes 0.0 only where x < 0.
                    v[i] = v[i] < 0 ? 0f : v[i];
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
        CpuTensor r = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
        r.buffer().asFloatBuffer().put(v);
        return r;
    }

    /** Whether a float32 tensor holds NaN or an infinity (where oneDNN's softmax departs from the SPI). */
    static boolean hasNonFinite(CpuTensor x) {
        int n = HostData.count(x);
        float[] v = new float[n];
        x.buffer().asFloatBuffer().get(v);
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return true;
            }
        }
        return false;
    }
}
