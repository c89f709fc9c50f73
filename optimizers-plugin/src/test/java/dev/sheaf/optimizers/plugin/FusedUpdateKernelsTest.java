package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** The composed defaults of {@link Backend#sgdMomentumUpdate} and {@link Backend#adamUpdate}, against the formulas. */
class FusedUpdateKernelsTest {
    private static final double[] W = {1.0, -2.0, 0.5};
    private static final double[] G = {0.3, 0.1, -0.4};
    private static final double[] M = {0.05, -0.02, 0.01};
    private static final double[] V = {0.01, 0.002, 0.03};

    private static Tensor t(double[] x) {
        return Ops.constant(x.clone(), x.length);
    }

    @Test
    void sgdMomentumPlainAndNesterov() {
        Backend b = Sheaf.backend();
        double lr = 0.1;
        double mu = 0.9;
        try (TensorScope scope = TensorScope.open()) {
            Tensor lrT = Ops.full(Shape.scalar(), lr, DType.FLOAT64);
            Tensor[] plain = b.sgdMomentumUpdate(t(W), t(G), t(M), lrT, mu, false);
            Tensor[] nesterov = b.sgdMomentumUpdate(t(W), t(G), t(M), lrT, mu, true);
            double[] m = new double[3];
            double[] wPlain = new double[3];
            double[] wNesterov = new double[3];
            for (int j = 0; j < 3; j++) {
                m[j] = mu * M[j] - lr * G[j];
                wPlain[j] = W[j] + m[j];
                wNesterov[j] = W[j] + mu * m[j] - lr * G[j];
            }
            assertArrayEquals(wPlain, plain[0].toDoubleArray(), 1e-15);
            assertArrayEquals(m, plain[1].toDoubleArray(), 1e-15);
            assertArrayEquals(wNesterov, nesterov[0].toDoubleArray(), 1e-15);
            assertArrayEquals(m, nesterov[1].toDoubleArray(), 1e-15);
        }
    }

    @Test
    void adamWithAndWithoutAmsgrad() {
        Backend b = Sheaf.backend();
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        long step = 3;
        double[] vHat = {0.02, 0.001, 0.01};
        try (TensorScope scope = TensorScope.open()) {
            Tensor lrT = Ops.full(Shape.scalar(), lr, DType.FLOAT64);
            Tensor[] adam = b.adamUpdate(t(W), t(G), t(M), t(V), null, lrT, b1, b2, eps, step);
            Tensor[] ams = b.adamUpdate(t(W), t(G), t(M), t(V), t(vHat), lrT, b1, b2, eps, step);
            assertEquals(3, adam.length);
            assertEquals(4, ams.length);
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
            for (int j = 0; j < 3; j++) {
                double m = M[j] + (G[j] - M[j]) * (1 - b1);
                double v = V[j] + (G[j] * G[j] - V[j]) * (1 - b2);
                double vh = Math.max(vHat[j], v);
                assertEquals(m, adam[1].toDoubleArray()[j], 1e-15);
                assertEquals(v, adam[2].toDoubleArray()[j], 1e-15);
                assertEquals(W[j] - m * alpha / (Math.sqrt(v) + eps), adam[0].toDoubleArray()[j], 1e-14);
                assertEquals(vh, ams[3].toDoubleArray()[j], 1e-15);
                assertEquals(W[j] - m * alpha / (Math.sqrt(vh) + eps), ams[0].toDoubleArray()[j], 1e-14);
            }
        }
    }
}
