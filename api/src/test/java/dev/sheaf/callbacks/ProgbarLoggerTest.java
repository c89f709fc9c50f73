package dev.sheaf.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ProgbarLoggerTest {

    /** A clock that returns the given times (seconds), one per reading. */
    private static LongSupplier clock(double... seconds) {
        int[] i = {0};
        return () -> (long) (seconds[Math.min(i[0]++, seconds.length - 1)] * 1e9);
    }

    private static Map<String, Double> logs(double accuracy, double loss) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("loss", loss);
        return m;
    }

    private static String run(int verbose, boolean dynamic, LongSupplier clock) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgbarLogger p = new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), dynamic, clock);
        p.setParams(Map.of("verbose", verbose, "epochs", 2, "steps", 3));
        p.onTrainBegin(Map.of());
        p.onEpochBegin(0, Map.of());
        p.onTrainBatchEnd(0, logs(0.5, 1.0));
        p.onTrainBatchEnd(1, logs(0.7, 0.6));
        p.onTrainBatchEnd(2, logs(0.8, 0.5));
        p.onTestBegin(Map.of());
        p.onTestBatchEnd(0, logs(0.1, 9.0));
        p.onTestEnd(logs(0.1, 9.0));
        p.onEpochEnd(0, logs(0.912149, 0.310549));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEpochOffATerminal() {
        // Bar created at 0 s; steps end at 1.0, 1.5 and 2.0 s; finalised at 2.008 s. The first step is left out of
        // the step time, as Keras: (2.008 - 1.0) / 2 = 504 ms.
        String out = run(1, false, clock(0, 1.0, 1.5, 2.0, 2.008));
        assertEquals("Epoch 1/2\n3/3 ━━━━━━━━━━━━━━━━━━━━ 2s 504ms/step - accuracy: 0.9121 - loss: 0.3105\n", out);
    }

    @Test
    void verboseTwoHasNoBar() {
        // With verbose 2 the bar is only told about the end of the epoch: 2.01 s over 3 steps.
        String out = run(2, false, clock(0, 2.01));
        assertEquals("Epoch 1/2\n3/3 - 2s - 670ms/step - accuracy: 0.9121 - loss: 0.3105\n", out);
    }

    @Test
    void redrawnInPlaceOnATerminal() {
        String out = run(1, true, clock(0, 1.0, 1.5, 2.0, 2.008));
        String bold = "\u001b[1m";
        String reset = "\u001b[0m";
        String green = "\u001b[32m";
        String white = "\u001b[37m";
        // Step 1 at 1.0 s: 6 of 20 bar cells done; ETA = 1.0 s/step * 2 steps left.
        String step1 = "\r" + bold + "1/3" + reset + " " + green + "━".repeat(6) + reset + white + "━".repeat(14) + reset
                + " " + bold + "2s" + reset + " 1s/step - accuracy: 0.5000 - loss: 1.0000";
        // Step 2 at 1.5 s: averages over the steps seen, as Keras's progress bar does.
        String step2 = "\r" + bold + "2/3" + reset + " " + green + "━".repeat(13) + reset + white + "━".repeat(7) + reset
                + " " + bold + "0s" + reset + " 500ms/step - accuracy: 0.6000 - loss: 0.8000";
        // Step 3 is not the final update yet: the ETA is 0 s.
        String step3 = "\r" + bold + "3/3" + reset + " " + green + "━".repeat(20) + reset + white + reset
                + " " + bold + "0s" + reset + " 500ms/step - accuracy: 0.6667 - loss: 0.7000";
        String last = "\r" + bold + "3/3" + reset + " " + green + "━".repeat(20) + reset + white + reset
                + " " + bold + "2s" + reset + " 504ms/step - accuracy: 0.9121 - loss: 0.3105\n";
        assertEquals("Epoch 1/2\n" + step1 + step2 + step3 + last, out);
    }

    @Test
    void evaluateOutsideFitPrintsItsOwnBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgbarLogger p = new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                clock(0, 0.0005, 0.001));
        p.setParams(Map.of("verbose", 1, "epochs", 1, "steps", 1));
        p.onTestBegin(Map.of());
        p.onTestBatchEnd(0, logs(0.25, 0.0001));
        p.onTestEnd(logs(0.25, 0.0001));
        assertEquals("1/1 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - accuracy: 0.2500 - loss: 1.0000e-04\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void historyRecordsEveryEpoch() {
        History h = new History();
        h.onTrainBegin(Map.of());
        h.onEpochEnd(0, logs(0.5, 1.0));
        h.onEpochEnd(1, logs(0.75, 0.5));
        assertEquals(java.util.List.of(0, 1), h.epochs());
        assertEquals(java.util.List.of(1.0, 0.5), h.history().get("loss"));
        assertEquals(java.util.List.of(0.5, 0.75), h.get("accuracy"));
    }
}
