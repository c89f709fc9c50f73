package dev.sheaf.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Records the logs of every epoch, as Keras's {@code History}: {@code fit} returns one. {@link #history()} maps each
 * log name ({@code loss}, {@code accuracy}, {@code val_loss}…) to its value per epoch; {@link #epochs()} lists the
 * epoch numbers (0-based, starting at {@code initialEpoch}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class History extends Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private Map<String, Object> params = Map.of();

    @Override
    public void setParams(Map<String, Object> params) {
        // Unknown values (the steps of a generator) are null, as Keras's None: Map.copyOf would refuse them.
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The training parameters ({@code epochs}, {@code steps}, {@code verbose}). */
    public Map<String, Object> params() {
        return params;
    }

    /** Starts a new list of epochs; values already recorded stay, as in Keras. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        epochs.clear();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** The recorded values by log name, in the order the names first appeared (read-only view). */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> view = new LinkedHashMap<>();
        history.forEach((k, v) -> view.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(view);
    }

    /** The values of one log name per epoch, or an empty list if it was never logged. */
    public List<Double> get(String name) {
        List<Double> v = history.get(name);
        return v == null ? List.of() : Collections.unmodifiableList(v);
    }

    /** The epoch numbers recorded by the last {@code fit}. */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
