package dev.sheaf.callbacks;

import dev.sheaf.models.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Dispatches every hook to a list of callbacks in order, as Keras's {@code CallbackList}. The training loop builds
 * one per {@code fit}/{@code evaluate}/{@code predict}: the user's callbacks, then a {@link History} and a
 * {@link ProgbarLogger} unless the user gave one (so those see the logs after the user's callbacks changed them).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CallbackList extends Callback {
    private final List<Callback> callbacks;
    private History history;

    /**
     * @param callbacks   the user's callbacks (null entries are not allowed)
     * @param addHistory  append a {@link History} unless one is among {@code callbacks}
     * @param addProgbar  append a {@link ProgbarLogger} unless one is among {@code callbacks}
     * @param model       the model they observe, or {@code null}
     * @param params      {@code epochs}, {@code steps}, {@code verbose}, passed to each callback's {@code setParams}
     */
    public CallbackList(List<? extends Callback> callbacks, boolean addHistory, boolean addProgbar, Model model,
                        Map<String, Object> params) {
        this.callbacks = new ArrayList<>();
        boolean hasProgbar = false;
        for (Callback c : callbacks == null ? List.<Callback>of() : callbacks) {
            if (c == null) {
                throw new IllegalArgumentException("The callbacks list contains null");
            }
            this.callbacks.add(c);
            if (c instanceof History h && history == null) {
                history = h;
            }
            hasProgbar |= c instanceof ProgbarLogger;
        }
        if (history == null && addHistory) {
            history = new History();
            this.callbacks.add(history);
        }
        if (!hasProgbar && addProgbar) {
            this.callbacks.add(new ProgbarLogger());
        }
        if (model != null) {
            setModel(model);
        }
        if (params != null && !params.isEmpty()) {
            setParams(params);
        }
    }

    /** The callbacks, in dispatch order. */
    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** The {@link History} among the callbacks, or {@code null}. */
    public History history() {
        return history;
    }

    @Override
    public void setModel(Model model) {
        super.setModel(model);
        for (Callback c : callbacks) {
            c.setModel(model);
        }
    }

    @Override
    public void setParams(Map<String, Object> params) {
        for (Callback c : callbacks) {
            c.setParams(params);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochBegin(epoch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochEnd(epoch, logs);
        }
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchBegin(batch, logs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchEnd(batch, logs);
        }
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBegin(logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestEnd(logs);
        }
    }

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBatchBegin(batch, logs);
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBatchEnd(batch, logs);
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBegin(logs);
        }
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictEnd(logs);
        }
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBatchBegin(batch, logs);
        }
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onPredictBatchEnd(batch, logs);
        }
    }
}
