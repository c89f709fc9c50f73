package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/**
 * Fused float32 optimizer updates: one pass over the variable and its slots instead of the dozen element-wise ops
 * (and temporaries) of {@code Backend}'s composed defaults. Each element goes through exactly the float32 operations
 * of the default, in its order, so the results are bit-identical to it.
 */
final class OptimizerKernels {
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
        float[] w = s.load(0, var);
        float[] g = s.load(1, grad);
        float[] m = s.load(2, mom);
        float[] v = s.load(3, vel);
        float[] vh = velHat == null ? null : s.load(4, velHat);
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float alpha = lr.buffer().getFloat(0) * (float) correction;
        float eps = (float) epsilon;
        if (vh == null) {
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float newM = m[i] + (gi - m[i]) * oneMinusB1;
                float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                m[i] = newM;
                v[i] = newV;
                w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newV) + eps);
            }
        } else {
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float newM = m[i] + (gi - m[i]) * oneMinusB1;
                float newV = v[i] + (gi * gi - v[i]) * oneMinusB2;
                float newVh = Math.max(vh[i], newV);
                m[i] = newM;
                v[i] = newV;
                vh[i] = newVh;
                w[i] = w[i] - newM * alpha / ((float) Math.sqrt(newVh) + eps);
            }
        }
        Shape shape = var.shape();
        Tensor newVar = Scratch.store(backend, shape, w);
        Tensor newM = Scratch.store(backend, shape, m);
        Tensor newV = Scratch.store(backend, shape, v);
        return vh == null ? new Tensor[] {newVar, newM, newV}
                : new Tensor[] {newVar, newM, newV, Scratch.store(backend, shape, vh)};
    }
}
