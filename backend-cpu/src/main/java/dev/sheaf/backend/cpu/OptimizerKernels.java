package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
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
    /**
     * Elements per copy-in/update/copy-out block: five 16 KiB float32 slices stay in L2 between the passes. Larger
     * than L1 on purpose: each copy is a JNI call (about 60 ns), and 4096-element blocks made the W1 Adam step 20 %
     * faster than 1024-element ones (250 us against 311 us measured; 8192 the same, 16384 slower).
     */
    private static final int BLOCK = 4096;

    private OptimizerKernels() {
    }

    /** {@code Backend.sgdMomentumUpdate} for float32 operands of one shape; {@code lr} is a float32 scalar. */
    static Tensor[] sgdMomentum(CpuBackend backend, CpuTensor var, CpuTensor grad, CpuTensor mom, CpuTensor lr,
                                double momentum, boolean nesterov, boolean donated) {
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
        CpuTensor newVar = null;
        CpuTensor newMom = null;
        try {
            newVar = output(backend, donated, var, grad, mom);
            newMom = output(backend, donated, mom, grad, var);
            newVar.memory().put(0, w, 0, n);
            newMom.memory().put(0, m, 0, n);
            return new Tensor[] {newVar, newMom};
        } catch (RuntimeException | Error e) {
            close(newVar, newMom);
            throw e;
        }
    }

    /** {@code Backend.adamUpdate} for float32 operands of one shape; {@code vHat} may be null (no AMSGrad). */
    static Tensor[] adam(CpuBackend backend, CpuTensor var, CpuTensor grad, CpuTensor mom, CpuTensor vel,
                         CpuTensor velHat, CpuTensor lr, double beta1, double beta2, double epsilon, long step,
                         boolean donated) {
        double correction = Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        int n = (int) var.size();
        boolean ams = velHat != null;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float alpha = lr.buffer().getFloat(0) * (float) correction;
        float eps = (float) epsilon;
        // Donated operands are overwritten block by block right after each block is read, which is safe as long as
        // no two operands share memory (output() checks).
        CpuTensor newVar = null;
        CpuTensor newMom = null;
        CpuTensor newVel = null;
        CpuTensor newVh = null;
        try {
            newVar = output(backend, donated, var, grad, mom, vel, velHat);
            newMom = output(backend, donated, mom, grad, var, vel, velHat);
            newVel = output(backend, donated, vel, grad, var, mom, velHat);
            newVh = ams ? output(backend, donated, velHat, grad, var, mom, vel) : null;
            update(n, ams, oneMinusB1, oneMinusB2, alpha, eps, var, grad, mom, vel, velHat, newVar, newMom, newVel,
                    newVh);
        } catch (RuntimeException | Error e) {
            // A failed chunk (or allocation) must not leave the new tensors behind, nor a reference to donated memory.
            close(newVar, newMom, newVel, newVh);
            throw e;
        }
        return !ams ? new Tensor[] {newVar, newMom, newVel} : new Tensor[] {newVar, newMom, newVel, newVh};
    }

    private static void close(CpuTensor... ts) {
        for (CpuTensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** The Adam update of every element, block by block over the loop workers. */
    private static void update(int n, boolean ams, float oneMinusB1, float oneMinusB2, float alpha, float eps,
                               CpuTensor var, CpuTensor grad, CpuTensor mom, CpuTensor vel, CpuTensor velHat,
                               CpuTensor newVar, CpuTensor newMom, CpuTensor newVel, CpuTensor newVh) {
        NativeMemory inW = var.memory();
        NativeMemory inG = grad.memory();
        NativeMemory inM = mom.memory();
        NativeMemory inV = vel.memory();
        NativeMemory inVh = ams ? velHat.memory() : null;
        NativeMemory outW = newVar.memory();
        NativeMemory outM = newMom.memory();
        NativeMemory outV = newVel.memory();
        NativeMemory outVh = ams ? newVh.memory() : null;
        Parallel.forRange(n, PARALLEL_MIN, (from, to) -> {
            // One block of each operand at a time, in block-sized scratch arrays of the running thread: the block
            // stays in L2 from copy-in to copy-out, and the step sweeps no tensor-sized scratch through the caches.
            Scratch s = Scratch.get();
            float[] w = s.floats(0, BLOCK);
            float[] g = s.floats(1, BLOCK);
            float[] m = s.floats(2, BLOCK);
            float[] v = s.floats(3, BLOCK);
            float[] vh = ams ? s.floats(4, BLOCK) : null;
            for (int lo = from; lo < to; lo += BLOCK) {
                int len = Math.min(BLOCK, to - lo);
                inW.get(lo, w, 0, len);
                inG.get(lo, g, 0, len);
                inM.get(lo, m, 0, len);
                inV.get(lo, v, 0, len);
                if (!ams) {
                    for (int i = 0; i < len; i++) {
                        float gi = g[i];
                        float newM = m[i] + (gi - m[i]) * oneMinusB1;
                        float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                        m[i] = newM;
                        v[i] = newV;
                        w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newV) + eps);
                    }
                } else {
                    inVh.get(lo, vh, 0, len);
                    for (int i = 0; i < len; i++) {
                        float gi = g[i];
                        float newM = m[i] + (gi - m[i]) * oneMinusB1;
                        float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                        float newVhi = Math.max(vh[i], newV);
                        m[i] = newM;
                        v[i] = newV;
                        vh[i] = newVhi;
                        w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newVhi) + eps);
                    }
                    outVh.put(lo, vh, 0, len);
                }
                outW.put(lo, w, 0, len);
                outM.put(lo, m, 0, len);
                outV.put(lo, v, 0, len);
            }
        });
    }

    /** Where the update of {@code operand} goes: over it when donated and unshared, else new memory. */
    private static CpuTensor output(CpuBackend backend, boolean donated, CpuTensor operand, CpuTensor... others) {
        return donated ? CpuTensor.reuseOrAllocate(backend, operand, others)
                : CpuTensor.allocate(backend, operand.shape(), DType.FLOAT32);
    }
}
