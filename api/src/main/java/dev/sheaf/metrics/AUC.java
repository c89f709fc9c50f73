package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The area under the ROC or precision-recall curve, approximated over thresholds as {@code keras.metrics.AUC}.
 *
 * <p>Defaults as Keras: 200 thresholds, the {@code num_thresholds - 2} evenly spaced values {@code i / 199} plus the
 * end points {@code -1e-7} and {@code 1 + 1e-7}, so predictions of exactly 0 or 1 fall inside; curve ROC; summation
 * "interpolation" (the trapezoid rule for ROC, Davis &amp; Goadrich's interpolation for PR). A prediction is positive
 * at a threshold when strictly greater. With evenly spaced thresholds the counts are bucketed in float32 as Keras's
 * {@code ceil(p * (n - 1)) - 1}, with predictions clipped to [0, 1]. {@code fromLogits} applies a sigmoid first.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AUC extends Metric {
    /** Which curve. */
    public enum Curve { ROC, PR }

    /** How rectangle heights between two thresholds are chosen. */
    public enum SummationMethod { INTERPOLATION, MINORING, MAJORING }

    private static final double EPSILON = 1e-7;

    private int numThresholds = 200;
    private double[] userThresholds;
    private Curve curve = Curve.ROC;
    private SummationMethod summationMethod = SummationMethod.INTERPOLATION;
    private boolean fromLogits;
    private double[] thresholds;
    private boolean evenlyDistributed;
    private double[] tp;
    private double[] fp;
    private double[] tn;
    private double[] fn;

    /** The metric named {@code "auc"}: ROC, 200 thresholds, interpolation. */
    public AUC() {
        this("auc");
    }

    /** The metric with the given name. */
    public AUC(String name) {
        super(name);
        configureThresholds();
    }

    /**
     * Sets the number of evenly spaced thresholds (default 200).
     *
     * @throws IllegalArgumentException unless > 1
     */
    public AUC setNumThresholds(int numThresholds) {
        if (numThresholds <= 1) {
            throw new IllegalArgumentException("AUC: numThresholds must be an integer > 1, got " + numThresholds);
        }
        this.numThresholds = numThresholds;
        this.userThresholds = null;
        configureThresholds();
        return this;
    }

    /**
     * Uses these thresholds in [0, 1] (the end points {@code -1e-7} and {@code 1 + 1e-7} are added); replaces
     * {@code numThresholds} by their count + 2. {@code null} returns to evenly spaced ones.
     */
    public AUC setThresholds(double... thresholds) {
        if (thresholds != null) {
            for (double t : thresholds) {
                ConfusionInputs.checkThreshold("AUC", t);
            }
            this.userThresholds = thresholds.clone();
            Arrays.sort(this.userThresholds);
            this.numThresholds = thresholds.length + 2;
        } else {
            this.userThresholds = null;
        }
        configureThresholds();
        return this;
    }

    /** Sets the curve (default ROC). */
    public AUC setCurve(Curve curve) {
        this.curve = java.util.Objects.requireNonNull(curve, "curve");
        return this;
    }

    /** Sets the summation method (default interpolation). */
    public AUC setSummationMethod(SummationMethod summationMethod) {
        this.summationMethod = java.util.Objects.requireNonNull(summationMethod, "summationMethod");
        return this;
    }

    /** Sets whether predictions are logits (a sigmoid is applied first). */
    public AUC setFromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** The thresholds, end points included. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** The number of thresholds, end points included. */
    public int numThresholds() {
        return numThresholds;
    }

    private void configureThresholds() {
        double[] inner;
        if (userThresholds != null) {
            inner = userThresholds;
            double[] withEnds = new double[inner.length + 2];
            System.arraycopy(inner, 0, withEnds, 1, inner.length);
            withEnds[withEnds.length - 1] = 1.0;
            evenlyDistributed = isEvenlyDistributed(withEnds);
        } else {
            inner = new double[numThresholds - 2];
            for (int i = 0; i < inner.length; i++) {
                inner[i] = (i + 1) * 1.0 / (numThresholds - 1);
            }
            evenlyDistributed = true;
        }
        thresholds = new double[inner.length + 2];
        thresholds[0] = 0.0 - EPSILON;
        System.arraycopy(inner, 0, thresholds, 1, inner.length);
        thresholds[thresholds.length - 1] = 1.0 + EPSILON;
        resetState();
    }

    /** Keras's {@code is_evenly_distributed_thresholds}: numpy {@code allclose} to {@code i / (n - 1)}, atol 1e-7. */
    private static boolean isEvenlyDistributed(double[] t) {
        int n = t.length;
        if (n < 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double even = (float) i / (float) (n - 1);
            if (Math.abs(t[i] - even) > EPSILON + 1e-5 * Math.abs(even)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionInputs in = ConfusionInputs.of(this, yTrue, yPred, sampleWeight, null, null);
        int n = numThresholds;
        double[] tpBucket = new double[n];
        double[] fpBucket = new double[n];
        double totalTrue = 0;
        double totalFalse = 0;
        for (int i = 0; i < in.labels.length; i++) {
            // Keras keeps metric state in float32, so predictions are compared at float32 precision.
            float p = (float) in.predictions[i];
            if (fromLogits) {
                p = (float) (1.0 / (1.0 + Math.exp(-p)));
            }
            double w = in.weights[i];
            if (in.labels[i]) {
                totalTrue += w;
            } else {
                totalFalse += w;
            }
            if (evenlyDistributed) {
                float clipped = Math.min(1f, Math.max(0f, p));
                int bucket = Math.max(0, (int) Math.ceil(clipped * (float) (n - 1)) - 1);
                if (in.labels[i]) {
                    tpBucket[bucket] += w;
                } else {
                    fpBucket[bucket] += w;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    if (p > (float) thresholds[j]) {
                        if (in.labels[i]) {
                            tpBucket[j] += w;
                        } else {
                            fpBucket[j] += w;
                        }
                    }
                }
            }
        }
        double tpAbove = 0;
        double fpAbove = 0;
        for (int j = n - 1; j >= 0; j--) {
            // Buckets hold the predictions whose highest exceeded threshold is j: sum them from the top down.
            double tpAt = evenlyDistributed ? (tpAbove += tpBucket[j]) : tpBucket[j];
            double fpAt = evenlyDistributed ? (fpAbove += fpBucket[j]) : fpBucket[j];
            tp[j] += tpAt;
            fp[j] += fpAt;
            fn[j] += totalTrue - tpAt;
            tn[j] += totalFalse - fpAt;
        }
    }

    @Override
    public double result() {
        int n = numThresholds;
        if (curve == Curve.PR && summationMethod == SummationMethod.INTERPOLATION) {
            return interpolatePrAuc();
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double recall = divideNoNan(tp[i], tp[i] + fn[i]);
            if (curve == Curve.ROC) {
                x[i] = divideNoNan(fp[i], fp[i] + tn[i]);
                y[i] = recall;
            } else {
                x[i] = recall;
                y[i] = divideNoNan(tp[i], tp[i] + fp[i]);
            }
        }
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
            double height = switch (summationMethod) {
                case INTERPOLATION -> (y[i] + y[i + 1]) / 2.0;
                case MINORING -> Math.min(y[i], y[i + 1]);
                case MAJORING -> Math.max(y[i], y[i + 1]);
            };
            sum += (x[i] - x[i + 1]) * height;
        }
        return sum;
    }

    /** Davis &amp; Goadrich's interpolation in Keras's closed form (see {@code AUC.interpolate_pr_auc}). */
    private double interpolatePrAuc() {
        double sum = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double dtp = tp[i] - tp[i + 1];
            double pA = tp[i] + fp[i];
            double pB = tp[i + 1] + fp[i + 1];
            double dp = pA - pB;
            double precSlope = divideNoNan(dtp, Math.max(dp, 0));
            double intercept = tp[i + 1] - precSlope * pB;
            double safePRatio = pA > 0 && pB > 0 ? divideNoNan(pA, Math.max(pB, 0)) : 1.0;
            sum += divideNoNan(precSlope * (dtp + intercept * Math.log(safePRatio)), Math.max(tp[i + 1] + fn[i + 1], 0));
        }
        return sum;
    }

    private static double divideNoNan(double a, double b) {
        return b == 0 ? 0.0 : a / b;
    }

    @Override
    public void resetState() {
        tp = new double[numThresholds];
        fp = new double[numThresholds];
        tn = new double[numThresholds];
        fn = new double[numThresholds];
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve.name());
        c.put("summation_method", summationMethod.name().toLowerCase(Locale.ROOT));
        c.put("from_logits", fromLogits);
        if (userThresholds != null) {
            c.put("thresholds", Arrays.stream(userThresholds).boxed().toList());
        }
        return c;
    }

    /**
     * A metric from its Keras config ({@code name}, {@code num_thresholds}, {@code curve}, {@code summation_method},
     * {@code thresholds} as a list of numbers, {@code from_logits}).
     */
    public static AUC fromConfig(Map<String, Object> config) {
        AUC m = new AUC(ConfigValues.string(config, "name", "auc"))
                .setNumThresholds(ConfigValues.integer(config, "num_thresholds", 200))
                .setCurve(Curve.valueOf(ConfigValues.string(config, "curve", "ROC").toUpperCase(Locale.ROOT)))
                .setSummationMethod(SummationMethod.valueOf(
                        ConfigValues.string(config, "summation_method", "interpolation").toUpperCase(Locale.ROOT)))
                .setFromLogits(ConfigValues.bool(config, "from_logits", false));
        if (config.get("thresholds") instanceof java.util.List<?> list) {
            m.setThresholds(list.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
        }
        return m;
    }
}
