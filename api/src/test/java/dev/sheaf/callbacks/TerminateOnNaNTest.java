package dev.sheaf.callbacks;

import static dev.sheaf.callbacks.ScriptedModel.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {
    @Test
    void stopsOnANaNOrInfiniteBatchLoss() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            ScriptedModel m = new ScriptedModel();
            TerminateOnNaN cb = new TerminateOnNaN();
            cb.setModel(m);
            cb.onTrainBatchEnd(0, logs("loss", 0.7));
            cb.onTrainBatchEnd(1, logs("accuracy", 0.5));
            assertFalse(m.isStopTraining());
            cb.onTrainBatchEnd(2, logs("loss", bad));
            assertTrue(m.isStopTraining(), "stops on " + bad);
        }
    }

    @Test
    void raiseErrorThrowsInstead() {
        ScriptedModel m = new ScriptedModel();
        TerminateOnNaN cb = new TerminateOnNaN(true);
        cb.setModel(m);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cb.onTrainBatchEnd(4, logs("loss", Double.NaN)));
        assertEquals("NaN or Inf loss encountered at batch 4. Loss value: NaN. Terminating training immediately.",
                e.getMessage());
    }
}
