package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LionTest {

    /** Keras lion.py: sign of the interpolation, then the momentum update. */
    static Trace.Rule keras(double beta1, double beta2) {
        Trace.Slot m = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * Math.signum(m.of(i)[j] * beta1 + g[j] * (1 - beta1));
                m.of(i)[j] = m.of(i)[j] * beta2 + g[j] * (1 - beta2);
            }
        };
    }

    @Test
    void defaultsTrace() {
        Lion l = new Lion();
        assertEquals(0.001, l.learningRate());
        Trace.check(l, Trace.Base.lr(0.001), keras(0.9, 0.99));
    }

    @Test
    void weightDecayTrace() {
        // Low beta1 lets the sign flip from the momentum's to the gradient's within five steps.
        Lion l = new Lion(0.2).setBeta1(0.3).setBeta2(0.5);
        l.setWeightDecay(0.3);
        Trace.check(l, Trace.Base.lr(0.2).weightDecay(0.3), keras(0.3, 0.5));
    }

    @Test
    void refusesBeta1OfZeroAsKeras() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Lion().setBeta1(0));
        assertTrue(e.getMessage().contains("SignSGD"), e.getMessage());
    }
}
