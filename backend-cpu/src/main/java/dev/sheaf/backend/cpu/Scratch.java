package dev.sheaf.backend.cpu;

/**
 * Per-thread heap arrays that the Java kernels copy native operands into: C2 vectorises loops over {@code float[]}
 * but not over direct buffers, and a bulk copy in and out (a memcpy) costs less than element-wise buffer access.
 * Reused across calls so that a training step allocates no garbage for them; kernels never nest, so one set per
 * thread is enough.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] floats = new float[6][];
    private byte[] bytes = new byte[0];

    static Scratch get() {
        return LOCAL.get();
    }

    /** Scratch float array {@code slot} (0..5) of at least {@code n} elements; its contents are undefined. */
    float[] floats(int slot, int n) {
        float[] f = floats[slot];
        if (f == null || f.length < n) {
            f = new float[Math.max(n, 64)];
            floats[slot] = f;
        }
        return f;
    }

    /** A scratch byte array of at least {@code n} elements. */
    byte[] bytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 64)];
        }
        return bytes;
    }

    /** Copies the float32 tensor {@code t} into scratch slot {@code slot}. */
    float[] load(int slot, CpuTensor t) {
        int n = (int) t.size();
        float[] f = floats(slot, n);
        t.memory().get(0, f, 0, n);
        return f;
    }

    /** A new float32 tensor of {@code shape} holding the first elements of {@code values}. */
    static CpuTensor store(CpuBackend backend, dev.sheaf.tensor.Shape shape, float[] values) {
        CpuTensor r = CpuTensor.allocate(backend, shape, dev.sheaf.tensor.DType.FLOAT32);
        r.memory().put(0, values, 0, (int) r.size());
        return r;
    }
}
