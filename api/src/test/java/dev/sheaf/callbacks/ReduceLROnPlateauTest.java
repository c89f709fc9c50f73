package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions worked by hand from Keras 3's {@code keras/src/callbacks/reduce_lr_on_plateau.py}. */
class ReduceLROnPlateauTest {

    /** Runs the scripted values; returns the learning rate logged at each epoch end. */
    static List<Double> loggedRates(ReduceLROnPlateau cb, ScriptedModel m, String key, double... values) {
        cb.setModel(m);
        cb.onTrainBegin(logs());
        List<Double> rates = new ArrayList<>();
        for (int epoch = 0; epoch < values.length; epoch++) {
            Map<String, Double> l = logs(key, values[epoch]);
            cb.onEpochEnd(epoch, l);
            rates.add(l.get("learning_rate"));
        }
        return rates;
    }

    private static double f32(double v) {
        return (float) v;
    }

    @Test
    void reducesAfterPatienceWithCooldownDownToMinLr() {
        ScriptedModel m = new ScriptedModel(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau().setFactor(0.5).setPatience(2).setCooldown(1).setMinLr(0.02);
        List<Double> rates = loggedRates(cb, m, "val_loss", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        // e2: wait 2 -> 0.05, cooldown 1; e3: cooldown ends (wait reset, then 1); e4: wait 2 -> 0.025;
        // e6: -> max(0.0125, 0.02) = 0.02; e8: 0.02 is not above minLr, so no further reduction.
        double a = f32(0.1);
        double b = f32(0.05);
        double c = f32(0.025);
        double d = f32(0.02);
        assertEquals(List.of(a, a, a, b, b, c, c, d, d, d), rates, "the rate in use during each epoch");
        assertEquals(d, f32(m.optimizer().learningRate()));
    }

    @Test
    void anImprovementResetsTheWait() {
        ScriptedModel m = new ScriptedModel(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau().setPatience(2);
        List<Double> rates = loggedRates(cb, m, "val_loss", 1.0, 1.0, 0.5, 0.5, 0.49995, 0.5);
        // e2 improves; e3 wait 1; e4 is better by less than minDelta 1e-4 -> wait 2 -> 0.1 * 0.1; e5 logs 0.01.
        assertEquals(f32(0.01), rates.get(5));
        assertEquals(f32(0.1), rates.get(4));
        assertEquals(0.5, cb.best());
    }

    @Test
    void duringCooldownTheWaitDoesNotGrow() {
        ScriptedModel m = new ScriptedModel(1.0);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("loss").setFactor(0.5).setPatience(1).setCooldown(2);
        List<Double> rates = loggedRates(cb, m, "loss", 3, 3, 3, 3, 3, 3);
        // e1 reduce (cooldown 2); e2 cooldown 1; e3 cooldown 0 then wait 1 -> reduce; e4, e5 cooldown.
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.25), rates);
    }

    @Test
    void accuracyIsMaximizedInAutoMode() {
        ScriptedModel m = new ScriptedModel(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_accuracy").setPatience(1);
        List<Double> rates = loggedRates(cb, m, "val_accuracy", 0.5, 0.6, 0.7, 0.7);
        assertEquals(List.of(f32(0.1), f32(0.1), f32(0.1), f32(0.1)), rates);
        assertEquals(f32(0.01), f32(m.optimizer().learningRate()), "reduced after 0.7 did not rise");
    }

    @Test
    void aMissingMonitorIsAWarningAndTheRateIsStillLogged() {
        ScriptedModel m = new ScriptedModel(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau().setPatience(0);
        List<Double> rates = loggedRates(cb, m, "loss", 1, 1, 1);
        assertEquals(List.of(f32(0.1), f32(0.1), f32(0.1)), rates);
    }

    @Test
    void badSettingsAndScheduledOptimizersAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReduceLROnPlateau().setFactor(1.0));
        assertTrue(e.getMessage().contains("factor=1.0"), e.getMessage());
        ScriptedModel m = new ScriptedModel(0.1);
        m.optimizer().setLearningRate(new LearningRateSchedule() {
            @Override
            public double at(long step) {
                return 0.1;
            }

            @Override
            public Map<String, Object> getConfig() {
                return Map.of();
            }
        });
        ReduceLROnPlateau cb = new ReduceLROnPlateau().setPatience(0);
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> loggedRates(cb, m, "val_loss", 1, 1));
        assertTrue(s.getMessage().contains("follows a schedule"), s.getMessage());
    }
}
