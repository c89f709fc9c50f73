package dev.sheaf.metrics;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.losses.Loss;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apiguardian.api.API;

/**
 * A {@link Mean} of a per-sample function of {@code (yTrue, yPred)}, as {@code keras.metrics.MeanMetricWrapper}: each
 * update adds {@code fn(yTrue, yPred)} weighted by the sample weights.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class MeanMetricWrapper extends Mean {
    private final BiFunction<Tensor, Tensor, Tensor> fn;

    /**
     * @param name the name shown in logs
     * @param fn   per-sample values, usually of shape {@code (batch,)}
     */
    public MeanMetricWrapper(String name, BiFunction<Tensor, Tensor, Tensor> fn) {
        super(name);
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    /** The mean of a loss's per-sample values ({@link Loss#call}), as Keras does for a loss named as a metric. */
    public static MeanMetricWrapper of(Loss loss, String name) {
        return new MeanMetricWrapper(name, loss::call);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (GradientTape.Pause p = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            updateValues(fn.apply(yTrue, yPred), sampleWeight);
        }
    }
}
