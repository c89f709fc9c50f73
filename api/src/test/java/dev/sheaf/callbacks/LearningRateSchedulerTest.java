package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateSchedulerTest {

    @Test
    void theKerasDocExampleEndsAt0_00607() {
        // keras.callbacks.LearningRateScheduler's docstring: SGD (0.01), 15 epochs, decay after 10 -> 0.00607.
        ScriptedModel m = new ScriptedModel(0.01);
        LearningRateScheduler cb = new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
        cb.setModel(m);
        List<Double> logged = new ArrayList<>();
        for (int epoch = 0; epoch < 15; epoch++) {
            cb.onEpochBegin(epoch, logs());
            Map<String, Double> l = logs("loss", 1.0);
            cb.onEpochEnd(epoch, l);
            logged.add(l.get("learning_rate"));
        }
        assertEquals(0.00607, Math.round(m.optimizer().learningRate() * 1e5) / 1e5);
        assertEquals((double) 0.01f, logged.get(9), "logged as the float32 value Keras's variable holds");
        assertEquals((double) (float) m.optimizer().learningRate(), logged.get(14));
    }

    @Test
    void theScheduleSeesTheEpochAndTheCurrentRate() {
        ScriptedModel m = new ScriptedModel(0.5);
        List<String> calls = new ArrayList<>();
        LearningRateScheduler cb = new LearningRateScheduler((epoch, lr) -> {
            calls.add(epoch + ":" + lr);
            return 0.25 / (epoch + 1);
        });
        cb.setModel(m);
        cb.onEpochBegin(0, logs());
        cb.onEpochBegin(1, logs());
        assertEquals(List.of("0:0.5", "1:0.25"), calls);
        assertEquals(0.125, m.optimizer().learningRate());
    }

    @Test
    void invalidRatesAndUncompiledModelsAreClearErrors() {
        LearningRateScheduler nan = new LearningRateScheduler((epoch, lr) -> Double.NaN);
        nan.setModel(new ScriptedModel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nan.onEpochBegin(3, logs()));
        assertTrue(e.getMessage().contains("returned NaN for epoch 3"), e.getMessage());
        LearningRateScheduler none = new LearningRateScheduler((epoch, lr) -> null);
        none.setModel(new ScriptedModel());
        assertThrows(IllegalArgumentException.class, () -> none.onEpochBegin(0, logs()));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateScheduler(null));
        LearningRateScheduler orphan = new LearningRateScheduler((epoch, lr) -> lr);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> orphan.onEpochBegin(0, logs()));
        assertTrue(s.getMessage().contains("no model"), s.getMessage());
    }
}
