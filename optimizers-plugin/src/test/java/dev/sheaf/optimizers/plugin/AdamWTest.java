package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void defaultsFollowKeras() {
        AdamW a = new AdamW();
        assertEquals("adamw", a.name());
        assertEquals(0.004, a.weightDecay());
        assertEquals(0.001, a.learningRate());
        Trace.check(new AdamW(), Trace.Base.lr(0.001).weightDecay(0.004), AdamTest.keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void strongDecayWithAmsgradTrace() {
        AdamW a = new AdamW(0.05);
        a.setWeightDecay(0.5);
        a.setAmsgrad(true).setBeta2(0.5);
        Trace.check(a, Trace.Base.lr(0.05).weightDecay(0.5), AdamTest.keras(0.9, 0.5, 1e-7, true));
    }

    @Test
    void refusesToRunWithoutDecay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdamW().setWeightDecay(null));
        assertTrue(e.getMessage().contains("weight_decay"), e.getMessage());
        Map<String, Object> config = new HashMap<>();
        config.put("weight_decay", null);
        assertThrows(IllegalArgumentException.class, () -> AdamW.fromConfig(config));
    }
}
