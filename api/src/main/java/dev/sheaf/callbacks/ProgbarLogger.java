package dev.sheaf.callbacks;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Prints training progress as Keras 3 does: an {@code Epoch 3/10} header when there is more than one epoch, then
 * <pre>
 * 469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9121 - loss: 0.3105
 * </pre>
 * redrawn in place while the epoch runs when the output is a terminal, printed once at the end of the epoch
 * otherwise. With {@code verbose} 2, one line per epoch without the bar:
 * {@code 469/469 - 2s - 4ms/step - accuracy: 0.9121 - loss: 0.3105}. {@code fit}, {@code evaluate} and
 * {@code predict} add one unless {@code verbose} is 0; during {@code fit} the validation pass prints nothing.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ProgbarLogger extends Callback {
    private final PrintStream out;
    private final boolean dynamicDisplay;
    private final LongSupplier nanoClock;
    private int verbose = 1;
    private int epochs = 1;
    private long target = -1;
    private long seen;
    private boolean calledInFit;
    private Progbar progbar;

    /** Prints to {@code System.out}, redrawing in place when a console is attached. */
    public ProgbarLogger() {
        this(System.out, System.console() != null, System::nanoTime);
    }

    /**
     * Prints to {@code out}.
     *
     * @param dynamicDisplay redraw the line in place with {@code \r} and ANSI styling (a terminal), or print one
     *                       plain line per pass (a file or pipe)
     * @param nanoClock      the time source, in nanoseconds ({@code System::nanoTime})
     */
    public ProgbarLogger(PrintStream out, boolean dynamicDisplay, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.dynamicDisplay = dynamicDisplay;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void setParams(Map<String, Object> params) {
        if (params.get("verbose") instanceof Number v) {
            verbose = v.intValue();
        }
        if (params.get("epochs") instanceof Number e) {
            epochs = e.intValue();
        }
        Object steps = params.get("steps");
        target = steps instanceof Number s && s.longValue() > 0 ? s.longValue() : -1;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        // Inside fit, the validation pass is silent.
        calledInFit = true;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        calledInFit = false;
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        if (!calledInFit) {
            reset();
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        reset();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        reset();
        if (verbose != 0 && epochs > 1) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        updateProgbar(batch, logs);
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        if (!calledInFit) {
            updateProgbar(batch, logs);
        }
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        updateProgbar(batch, Map.of());
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        finalizeProgbar(logs);
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        if (!calledInFit) {
            finalizeProgbar(logs);
        }
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        finalizeProgbar(logs);
    }

    private void reset() {
        seen = 0;
        progbar = null;
    }

    private Progbar progbar() {
        if (progbar == null) {
            progbar = new Progbar(target, verbose, dynamicDisplay, out, nanoClock);
        }
        return progbar;
    }

    private void updateProgbar(int batch, Map<String, Double> logs) {
        Progbar p = progbar();
        seen = batch + 1L;
        if (verbose == 1) {
            p.update(seen, logs == null ? Map.of() : logs, false);
        }
    }

    private void finalizeProgbar(Map<String, Double> logs) {
        Progbar p = progbar();
        long t = target > 0 ? target : seen;
        p.setTarget(t);
        p.update(t, logs == null ? Map.of() : logs, true);
    }
}
