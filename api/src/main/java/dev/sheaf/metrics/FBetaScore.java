package dev.sheaf.metrics;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The F-beta score {@code (1 + b²) * precision * recall / (b² * precision + recall)} of 2-D
 * {@code (batch, classes)} inputs, as {@code keras.metrics.FBetaScore}, with Keras's 1e-7 guards in each division.
 *
 * <p>A prediction counts as positive when {@code y_pred > threshold}, or, with no threshold (the default), when it is
 * the row's maximum and non-zero. {@code average}: {@code null} (default) scores each class, {@code "micro"} pools
 * all counts, {@code "macro"} averages the class scores, {@code "weighted"} weights them by their positive labels.
 * Keras's {@code result()} is then the per-class vector; here {@link #classResults()} gives it and {@link #result()}
 * its unweighted mean, so that it can be logged as one number.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class FBetaScore extends Metric {
    private static final double EPSILON = 1e-7;
    private static final Set<String> AVERAGES = Set.of("micro", "macro", "weighted");

    private final String average;
    private final double beta;
    private final Double threshold;
    private double[] truePositives;
    private double[] falsePositives;
    private double[] falseNegatives;
    private double[] intermediateWeights;
    private long classes = -1;

    /** The metric named {@code "fbeta_score"}: no averaging, beta 1, arg-max predictions. */
    public FBetaScore() {
        this("fbeta_score", null, 1.0, null);
    }

    /**
     * @param average   {@code null}, {@code "micro"}, {@code "macro"} or {@code "weighted"}
     * @param beta      the weight of recall, > 0
     * @param threshold the positive threshold in (0, 1], or {@code null} for the row's arg-max
     * @throws IllegalArgumentException for a bad argument
     */
    public FBetaScore(String name, String average, double beta, Double threshold) {
        super(name);
        if (average != null && !AVERAGES.contains(average)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": average must be null, micro, macro or "
                    + "weighted, got '" + average + "'");
        }
        if (!(beta > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": beta must be > 0, got " + beta);
        }
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": threshold must be in (0, 1], got "
                    + threshold);
        }
        this.average = average;
        this.beta = beta;
        this.threshold = threshold;
    }

    /** The averaging, or {@code null}. */
    public String average() {
        return average;
    }

    /** The beta. */
    public double beta() {
        return beta;
    }

    /** The threshold, or {@code null} for arg-max. */
    public Double threshold() {
        return threshold;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (yTrue.rank() != 2 || yPred.rank() != 2 || !yTrue.shape().equals(yPred.shape())) {
            throw Shapes.error(getClass().getSimpleName(), name(), yTrue.shape(), yPred.shape(),
                    "both must be 2-D (batch_size, output_dim) and equal");
        }
        int rows = (int) yPred.shape().dim(0);
        int cols = (int) yPred.shape().dim(1);
        build(cols);
        double[] t;
        double[] p;
        double[] w = null;
        try (GradientTape.Pause pause = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            t = yTrue.toDoubleArray();
            p = Ops.cast(yPred, DType.FLOAT32).toDoubleArray();
            if (sampleWeight != null) {
                Tensor sw = sampleWeight.rank() == 2 && sampleWeight.shape().dim(1) == 1
                        ? Ops.squeeze(sampleWeight, -1) : sampleWeight;
                if (sw.rank() > 1 || !sw.shape().isBroadcastableTo(dev.sheaf.tensor.Shape.of(rows))) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + " ('" + name()
                            + "'): sample_weight of shape " + sampleWeight.shape() + " must hold one weight per row of "
                            + "y_pred of shape " + yPred.shape());
                }
                w = Ops.broadcastTo(Ops.cast(sw, DType.FLOAT64), rows).toDoubleArray();
            }
        }
        for (int r = 0; r < rows; r++) {
            double rowMax = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                rowMax = Math.max(rowMax, p[r * cols + c]);
            }
            double weight = w == null ? 1.0 : w[r];
            for (int c = 0; c < cols; c++) {
                double v = p[r * cols + c];
                double predicted = threshold == null ? (v >= rowMax && Math.abs(v) > 1e-9 ? 1 : 0)
                        : (v > threshold ? 1 : 0);
                double label = t[r * cols + c];
                int k = "micro".equals(average) ? 0 : c;
                truePositives[k] += predicted * label * weight;
                falsePositives[k] += predicted * (1 - label) * weight;
                falseNegatives[k] += (1 - predicted) * label * weight;
                intermediateWeights[k] += label * weight;
            }
        }
    }

    private void build(long cols) {
        if (classes < 0) {
            classes = cols;
            int size = "micro".equals(average) ? 1 : (int) cols;
            truePositives = new double[size];
            falsePositives = new double[size];
            falseNegatives = new double[size];
            intermediateWeights = new double[size];
        } else if (classes != cols) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " ('" + name() + "'): built for "
                    + classes + " classes, got y_pred with " + cols);
        }
    }

    /** The score per class ({@code average} null, macro or weighted), or the one micro score; empty before updates. */
    public double[] classResults() {
        if (truePositives == null) {
            return new double[0];
        }
        double b2 = beta * beta;
        double[] f = new double[truePositives.length];
        for (int i = 0; i < f.length; i++) {
            double precision = truePositives[i] / (truePositives[i] + falsePositives[i] + EPSILON);
            double recall = truePositives[i] / (truePositives[i] + falseNegatives[i] + EPSILON);
            f[i] = precision * recall / (b2 * precision + recall + EPSILON) * (1 + b2);
        }
        return f;
    }

    @Override
    public double result() {
        double[] f = classResults();
        if (f.length == 0) {
            return 0.0;
        }
        if ("weighted".equals(average)) {
            double total = 0;
            for (double v : intermediateWeights) {
                total += v;
            }
            double r = 0;
            for (int i = 0; i < f.length; i++) {
                r += f[i] * (intermediateWeights[i] / (total + EPSILON));
            }
            return r;
        }
        double s = 0;
        for (double v : f) {
            s += v;
        }
        return s / f.length;
    }

    @Override
    public void resetState() {
        if (truePositives != null) {
            java.util.Arrays.fill(truePositives, 0);
            java.util.Arrays.fill(falsePositives, 0);
            java.util.Arrays.fill(falseNegatives, 0);
            java.util.Arrays.fill(intermediateWeights, 0);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("average", average);
        c.put("beta", beta);
        c.put("threshold", threshold);
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code average}, {@code beta}, {@code threshold}). */
    public static FBetaScore fromConfig(Map<String, Object> config) {
        return new FBetaScore(ConfigValues.string(config, "name", "fbeta_score"),
                ConfigValues.string(config, "average", null), ConfigValues.number(config, "beta", 1.0),
                ConfigValues.optionalNumber(config, "threshold"));
    }
}
