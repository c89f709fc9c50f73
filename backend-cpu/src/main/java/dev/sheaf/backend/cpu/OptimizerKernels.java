package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.FloatBuffer;
import dev.sheaf.tensor.Tensor;

/**
 * Fused float32 optimizer updates: one pass over the variable and its slots instead of the dozen element-wise ops
 * (and temporaries) of {@code Backend}'s composed defaults. Each element goes through exactly the float32 operations
 * of the default, in its order, so the results are bit-identical to it.
 */
final class OptimizerKernels {
    /**
     * Elements per thread below which an update stays on one thread. Measured on a 2-core x86-64 (OMP_NUM_THREADS=2,
     * passive): 16K elements took 39 us serial and 43 us split, 32K 68 us vs 54 us, the 784x128 Dense kernel (100K)
     * 250 us vs 130 us; so the 128x128 kernel and the biases stay serial.
     */
    static final int PARALLEL_MIN = 1 << 14;
    /** Elements per copy-in/update/copy-out block: five 16 KiB float32 slices stay in L1/L2 between the passes. */
    private static final int BLOCK = 4096;

    private OptimizerKernels() {
    }

    /** {@code Backend.sgdMomentumUpdate} for float32 operands of one shape; {@code lr} is a float32 scalar. */
    static Tensor[] sgdMomentum(CpuBackend backend, CpuTensor var, CpuTensor grad, CpuTensor mom, CpuTensor lr,
                                double momentum, boolean nesterov) {
        Scratch s = Scratch.get();
        int n = (int) var.size();
        float[] w = s.load(0, var);
        float[] g = s.load(1, grad);
        float[] m = s.load(2, mom);
        float rate = lr.buffer().getFloat(0);
        float mu = (float) momentum;
        for (int i = 0; i < n; i++) {
            float lrG = g[i] * rate;
            float newM = m[i] * mu - lrG;
            m[i] = newM;
            w[i] = nesterov ? w[i] + (newM * mu - lrG) : w[i] + newM;
        }
        Shape shape = var.shape();
        return new Tensor[] {Scratch.store(backend, shape, w), Scratch.store(backend, shape, m)};
    }

    /** {@code Backend.adamUpdate} for float32 operands of one shape; {@code vHat} may be null (no AMSGrad). */
    static Tensor[] adam(CpuBackend backend, CpuTensor var, CpuTensor grad, CpuTensor mom, CpuTensor vel,
                         CpuTensor velHat, CpuTensor lr, double beta1, double beta2, double epsilon, long step) {
        double correction = Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        Scratch s = Scratch.get();
        int n = (int) var.size();
        // Scratch arrays sized here, on the calling thread; the chunks fill their own index ranges of them.
        float[] w = s.floats(0, n);
        float[] g = s.floats(1, n);
        float[] m = s.floats(2, n);
        float[] v = s.floats(3, n);
        float[] vh = velHat == null ? null : s.floats(4, n);
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float alpha = lr.buffer().getFloat(0) * (float) correction;
        float eps = (float) epsilon;
        Shape shape = var.shape();
        CpuTensor newVar = CpuTensor.allocate(backend, shape, DType.FLOAT32);
        CpuTensor newMom = CpuTensor.allocate(backend, shape, DType.FLOAT32);
        CpuTensor newVel = CpuTensor.allocate(backend, shape, DType.FLOAT32);
        CpuTensor newVh = vh == null ? null : CpuTensor.allocate(backend, shape, DType.FLOAT32);
        // Absolute bulk get/put leave the views' positions alone, so the chunks can share them.
        FloatBuffer inW = floats(var);
        FloatBuffer inG = floats(grad);
        FloatBuffer inM = floats(mom);
        FloatBuffer inV = floats(vel);
        FloatBuffer inVh = vh == null ? null : floats(velHat);
        FloatBuffer outW = floats(newVar);
        FloatBuffer outM = floats(newMom);
        FloatBuffer outV = floats(newVel);
        FloatBuffer outVh = vh == null ? null : floats(newVh);
        Parallel.forRange(n, PARALLEL_MIN, (from, to) -> {
            // Copy in, update and copy out one cache-sized block at a time rather than the whole tensor per pass.
            for (int lo = from; lo < to; lo += BLOCK) {
                int len = Math.min(BLOCK, to - lo);
                int hi = lo + len;
                inW.get(lo, w, lo, len);
                inG.get(lo, g, lo, len);
                inM.get(lo, m, lo, len);
                inV.get(lo, v, lo, len);
                if (vh == null) {
                    for (int i = lo; i < hi; i++) {
                        float gi = g[i];
                        float newM = m[i] + (gi - m[i]) * oneMinusB1;
                        float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                        m[i] = newM;
                        v[i] = newV;
                        w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newV) + eps);
                    }
                } else {
                    inVh.get(lo, vh, lo, len);
                    for (int i = lo; i < hi; i++) {
                        float gi = g[i];
                        float newM = m[i] + (gi - m[i]) * oneMinusB1;
                        float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                        float newVhi = Math.max(vh[i], newV);
                        m[i] = newM;
                        v[i] = newV;
                        vh[i] = newVhi;
                        w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newVhi) + eps);
                    }
                    outVh.put(lo, vh, lo, len);
                }
                outW.put(lo, w, lo, len);
                outM.put(lo, m, lo, len);
                outV.put(lo, v, lo, len);
            }
        });
        return vh == null ? new Tensor[] {newVar, newMom, newVel} : new Tensor[] {newVar, newMom, newVel, newVh};
    }

    private static FloatBuffer floats(CpuTensor t) {
        return t.buffer().asFloatBuffer();
    }
}
