package dev.sheaf.models;

import dev.sheaf.callbacks.Callback;
import dev.sheaf.data.Dataset;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The optional arguments of {@link Model#fit}, with Keras's defaults (batch size 32, 1 epoch, verbose 1, shuffle):
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(10).batchSize(64).validationSplit(0.1).callbacks(new EarlyStopping()));
 * }</pre>
 * Each setter checks its value and returns this object; pass it to {@code fit} as is.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FitOptions {
    private Integer batchSize;
    private int epochs = 1;
    private int verbose = 1;
    private double validationSplit;
    private List<Tensor> validationX;
    private List<Tensor> validationY;
    private Tensor validationSampleWeight;
    private Dataset validationDataset;
    private Integer validationBatchSize;
    private Integer validationSteps;
    private int validationFreq = 1;
    private boolean shuffle = true;
    private Map<Integer, Double> classWeight;
    private Tensor sampleWeight;
    private int initialEpoch;
    private Integer stepsPerEpoch;
    private final List<Callback> callbacks = new ArrayList<>();

    /** Keras's defaults. */
    public FitOptions() {
    }

    /** Samples per gradient update (default 32); not for a {@link Dataset}, which is batched already. */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("FitOptions.batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The epoch to stop before (default 1); with {@link #initialEpoch} it is an index, not a count, as in Keras. */
    public FitOptions epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("FitOptions.epochs must be >= 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** 0 = silent, 1 = progress bar (default), 2 = one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("FitOptions.verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    /**
     * The fraction of the data held out for validation: the <em>last</em> samples, taken before shuffling, as in
     * Keras. Only for tensors, not for a {@link Dataset}.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("FitOptions.validationSplit must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Data to evaluate at the end of each epoch (overrides {@link #validationSplit}). */
    public FitOptions validationData(Tensor x, Tensor y) {
        return validationData(Collections.singletonList(x), Collections.singletonList(y), null);
    }

    /** {@link #validationData(Tensor, Tensor)} with per-sample weights. */
    public FitOptions validationData(Tensor x, Tensor y, Tensor sampleWeight) {
        return validationData(Collections.singletonList(x), Collections.singletonList(y), sampleWeight);
    }

    /** Validation data for a model with several inputs or outputs. */
    public FitOptions validationData(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        if (x == null || y == null || x.isEmpty() || y.isEmpty() || x.stream().anyMatch(Objects::isNull)
                || y.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("FitOptions.validationData needs both x and y (got a null or empty one)");
        }
        this.validationX = List.copyOf(x);
        this.validationY = List.copyOf(y);
        this.validationSampleWeight = sampleWeight;
        this.validationDataset = null;
        return this;
    }

    /** A batched dataset to evaluate at the end of each epoch. */
    public FitOptions validationData(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("FitOptions.validationData: the dataset is null");
        }
        this.validationDataset = data;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Batch size of the validation pass (default: {@link #batchSize}). */
    public FitOptions validationBatchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("FitOptions.validationBatchSize must be positive, got " + size);
        }
        this.validationBatchSize = size;
        return this;
    }

    /** Batches per validation pass (default: all). */
    public FitOptions validationSteps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("FitOptions.validationSteps must be positive, got " + steps);
        }
        this.validationSteps = steps;
        return this;
    }

    /** Validate every {@code freq} epochs (default 1). */
    public FitOptions validationFreq(int freq) {
        if (freq <= 0) {
            throw new IllegalArgumentException("FitOptions.validationFreq must be positive, got " + freq);
        }
        this.validationFreq = freq;
        return this;
    }

    /** Whether to visit the training samples in a new random order each epoch (default true; seeded by Sheaf). */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * Weights per class index (keys 0 to the number of classes - 1), multiplying each sample's loss by the weight of
     * its class. Not together with {@link #sampleWeight}, as in Keras.
     */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        if (classWeight != null) {
            for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
                Double w = e.getValue();
                if (e.getKey() == null || w == null || !Double.isFinite(w) || w < 0) {
                    throw new IllegalArgumentException("FitOptions.classWeight: class " + e.getKey() + " has weight "
                            + w + "; every class needs an integer key and a finite weight >= 0");
                }
            }
        }
        this.classWeight = classWeight == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(classWeight));
        return this;
    }

    /** Per-sample loss weights, of shape {@code (samples)}. */
    public FitOptions sampleWeight(Tensor sampleWeight) {
        this.sampleWeight = sampleWeight;
        return this;
    }

    /** The epoch to start at (to resume training; default 0). */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new IllegalArgumentException("FitOptions.initialEpoch must be >= 0, got " + initialEpoch);
        }
        this.initialEpoch = initialEpoch;
        return this;
    }

    /** Batches per epoch (default: one pass over the data; required for an infinite dataset). */
    public FitOptions stepsPerEpoch(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("FitOptions.stepsPerEpoch must be positive, got " + steps);
        }
        this.stepsPerEpoch = steps;
        return this;
    }

    /** Callbacks, run in this order before the History and progress bar that fit adds. */
    public FitOptions callbacks(Callback... callbacks) {
        return callbacks(callbacks == null ? null : Arrays.asList(callbacks));
    }

    /** Callbacks, run in this order before the History and progress bar that fit adds. */
    public FitOptions callbacks(List<? extends Callback> callbacks) {
        List<Callback> checked = checkCallbacks("FitOptions", callbacks);
        this.callbacks.clear();
        this.callbacks.addAll(checked);
        return this;
    }

    /** The callbacks of an options object, refusing a null list or a null callback (shared by the options classes). */
    static List<Callback> checkCallbacks(String owner, List<? extends Callback> callbacks) {
        if (callbacks == null) {
            throw new IllegalArgumentException(owner + ".callbacks: the callbacks are null; give none for no callbacks");
        }
        List<Callback> r = new ArrayList<>(callbacks.size());
        for (int i = 0; i < callbacks.size(); i++) {
            Callback c = callbacks.get(i);
            if (c == null) {
                throw new IllegalArgumentException(owner + ".callbacks: callback " + i + " is null");
            }
            r.add(c);
        }
        return r;
    }

    Integer batchSize() {
        return batchSize;
    }

    int epochs() {
        return epochs;
    }

    int verbose() {
        return verbose;
    }

    double validationSplit() {
        return validationSplit;
    }

    List<Tensor> validationX() {
        return validationX;
    }

    List<Tensor> validationY() {
        return validationY;
    }

    Tensor validationSampleWeight() {
        return validationSampleWeight;
    }

    Dataset validationDataset() {
        return validationDataset;
    }

    Integer validationBatchSize() {
        return validationBatchSize;
    }

    Integer validationSteps() {
        return validationSteps;
    }

    int validationFreq() {
        return validationFreq;
    }

    boolean shuffle() {
        return shuffle;
    }

    Map<Integer, Double> classWeight() {
        return classWeight;
    }

    Tensor sampleWeight() {
        return sampleWeight;
    }

    int initialEpoch() {
        return initialEpoch;
    }

    Integer stepsPerEpoch() {
        return stepsPerEpoch;
    }

    List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}
