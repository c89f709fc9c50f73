package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected epochs worked by hand from Keras 3's {@code keras/src/callbacks/early_stopping.py}. */
class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(2);
        // e0 best 1.0; e1 best 0.9; e2 wait 1; e3 wait 2 >= patience: stop. 0.5 at e4 is never seen.
        assertEquals(4, run(es, m, "val_loss", 1.0, 0.9, 0.95, 0.92, 0.5));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(0.9, es.best());
        assertEquals(1, es.bestEpoch());
        assertEquals(3f, m.weight(), "without restoreBestWeights the last weights stay");
    }

    @Test
    void patienceZeroStopsAtTheFirstNonImprovementButNeverAtEpochZero() {
        ScriptedModel m = new ScriptedModel();
        assertEquals(2, run(new EarlyStopping("loss"), m, "loss", 1.0, 1.0, 0.5));
    }

    @Test
    void minDeltaDemandsALargerImprovement() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(1).setMinDelta(-0.1);
        // 0.95 is better than 1.0 but not by more than 0.1 (the sign of minDelta is ignored, as Keras).
        assertEquals(2, run(es, m, "val_loss", 1.0, 0.95, 0.5));
        assertEquals(1.0, es.best());
    }

    @Test
    void restoresTheBestWeightsAtTrainEnd() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(2).setRestoreBestWeights(true);
        assertEquals(4, run(es, m, "val_loss", 1.0, 0.5, 0.7, 0.8, 0.1));
        assertEquals(1f, m.weight(), "the weights of epoch 1 (val_loss 0.5) are back");
    }

    @Test
    void restoresTheBestWeightsEvenWithoutAnEarlyStop() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(5).setRestoreBestWeights(true);
        assertEquals(3, run(es, m, "val_loss", 1.0, 0.5, 0.7));
        assertEquals(0, es.stoppedEpoch());
        assertEquals(1f, m.weight(), "Keras 3 restores at train end whether or not training stopped early");
    }

    @Test
    void aBaselineNeverBeatenStopsAfterPatienceAndRestoresTheBestEpochSeen() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(2).setBaseline(0.5).setRestoreBestWeights(true);
        // e0: best 1.0 but above the baseline, so the wait (1) is not reset; e1: no improvement, wait 2: stop.
        assertEquals(2, run(es, m, "val_loss", 1.0, 1.1, 0.2));
        assertEquals(1, es.stoppedEpoch());
        assertEquals(0f, m.weight());
    }

    @Test
    void improvementsThatMissTheBaselineStillKeepTraining() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(1).setBaseline(0.1);
        assertEquals(4, run(es, m, "val_loss", 1.0, 0.9, 0.8, 0.7));
        assertEquals(4, es.waitCount(), "the wait grows: no value beat the baseline");
    }

    @Test
    void accuracyIsMaximizedInAutoMode() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping("val_accuracy").setPatience(1).setRestoreBestWeights(true);
        assertEquals(3, run(es, m, "val_accuracy", 0.5, 0.6, 0.55, 0.9));
        assertEquals(0.6, es.best());
        assertEquals(1f, m.weight());
        EarlyStopping min = new EarlyStopping("val_accuracy").setMode("min").setPatience(0);
        assertEquals(2, run(min, new ScriptedModel(), "val_accuracy", 0.5, 0.6, 0.4));
    }

    @Test
    void startFromEpochIgnoresTheWarmUp() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setStartFromEpoch(2);
        // Rising values during epochs 0-1 are ignored; monitoring starts with 3.0 at epoch 2.
        assertEquals(4, run(es, m, "val_loss", 1.0, 2.0, 3.0, 4.0, 5.0));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(2, es.bestEpoch());
    }

    @Test
    void aMissingMonitorIsAWarningNotACrash() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping("val_loss").setRestoreBestWeights(true);
        assertEquals(4, run(es, m, "loss", 1.0, 2.0, 3.0, 4.0));
        assertFalse(m.isStopTraining());
        assertEquals(3f, m.weight(), "nothing to restore");
    }

    @Test
    void anInstanceCanBeReused() {
        ScriptedModel m = new ScriptedModel();
        EarlyStopping es = new EarlyStopping().setPatience(1);
        assertEquals(3, run(es, m, "val_loss", 1.0, 0.5, 0.6));
        assertEquals(3, run(es, m, "val_loss", 2.0, 1.5, 1.6), "the old best (0.5) was forgotten");
    }

    @Test
    void anUnknownDirectionAsksForAMode() {
        EarlyStopping es = new EarlyStopping("val_widgets");
        es.setModel(new ScriptedModel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> es.onTrainBegin(ScriptedModel.logs()));
        assertTrue(e.getMessage().contains("monitor=val_widgets") && e.getMessage().contains("setMode"),
                e.getMessage());
        assertEquals(2, run(new EarlyStopping("val_widgets").setMode(MonitorMode.MAX), new ScriptedModel(),
                "val_widgets", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().setMode("sideways"));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().setPatience(-1));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(" "));
    }

    @Test
    void directionsFromMetricNames() {
        assertEquals(MonitorMode.MIN, MonitorMode.directionOf("val_loss"));
        assertEquals(MonitorMode.MIN, MonitorMode.directionOf("mean_squared_error"));
        assertEquals(MonitorMode.MIN, MonitorMode.directionOf("val_mae"));
        assertEquals(MonitorMode.MAX, MonitorMode.directionOf("val_sparse_categorical_accuracy"));
        assertEquals(MonitorMode.MAX, MonitorMode.directionOf("auc"));
        assertEquals(MonitorMode.MAX, MonitorMode.directionOf("val_precision"));
    }
}
