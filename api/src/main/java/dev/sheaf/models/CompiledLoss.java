package dev.sheaf.models;

import dev.sheaf.losses.Loss;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The loss given to {@code compile}, as Keras's {@code CompileLoss}: one loss per model output (the same for all
 * when a single one is given, a list in output order, or a map by output name), each optionally weighted. The
 * value minimised is the weighted sum; with several losses each one's unweighted value is also logged as
 * {@code <output>_loss}. {@code "crossentropy"} / {@code "ce"} become binary, sparse categorical or categorical
 * crossentropy from the shapes of the first batch, as in Keras.
 */
final class CompiledLoss {
    private final Object[] specs;
    private final Double[] weights;
    private final List<String> outputNames;
    private Loss[] losses;
    private final List<String> trackerNames = new ArrayList<>();

    /**
     * @throws IllegalArgumentException if the loss or weights do not fit the outputs, or a name is unknown
     */
    CompiledLoss(Object loss, Object lossWeights, List<String> outputNames) {
        this.outputNames = List.copyOf(outputNames);
        int n = outputNames.size();
        this.specs = perOutput(loss, "loss", n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            specs[i] = checkSpec(specs[i]);
            any |= specs[i] != null;
        }
        if (!any) {
            throw new IllegalArgumentException("compile: a loss is required, such as \"mse\" or "
                    + "\"categorical_crossentropy\"");
        }
        this.weights = weights(lossWeights, n);
        for (int i = 0; i < n; i++) {
            if (specs[i] != null && n > 1) {
                trackerNames.add(outputNames.get(i) + "_loss");
            }
        }
        if (trackerNames.size() == 1) {
            // Keras logs per-output losses only when there is more than one.
            trackerNames.clear();
        }
    }

    private Object[] perOutput(Object spec, String what, int n) {
        Object[] r = new Object[n];
        if (spec instanceof List<?> list) {
            if (list.size() != n) {
                throw new IllegalArgumentException("compile: the " + what + " list has " + list.size()
                        + " entries but the model has " + n + " output" + (n == 1 ? "" : "s") + " " + outputNames);
            }
            return list.toArray();
        }
        if (spec instanceof Map<?, ?> map) {
            for (Object k : map.keySet()) {
                if (!outputNames.contains(k)) {
                    throw new IllegalArgumentException("compile: the " + what + " map has the key '" + k
                            + "', which is not an output of the model; the outputs are " + outputNames);
                }
            }
            for (int i = 0; i < n; i++) {
                r[i] = map.get(outputNames.get(i));
            }
            return r;
        }
        Arrays.fill(r, spec);
        return r;
    }

    private static Object checkSpec(Object s) {
        if (s == null || s instanceof Loss) {
            return s;
        }
        if (s instanceof String name) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("crossentropy") || lower.equals("ce")) {
                return lower;
            }
            return ComponentResolver.lossFactory(name);
        }
        throw new IllegalArgumentException("compile: a loss must be a name such as \"mse\" or a Loss, got "
                + ComponentResolver.describe(s));
    }

    private Double[] weights(Object w, int n) {
        Double[] r = new Double[n];
        if (w == null) {
            return r;
        }
        if (w instanceof Number num) {
            if (n != 1) {
                throw new IllegalArgumentException("compile: a single loss weight fits a model with one output; this "
                        + "model has " + n + " " + outputNames + ": give a list or a map by output name");
            }
            r[0] = num.doubleValue();
            return r;
        }
        if (!(w instanceof List<?>) && !(w instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("compile: lossWeights must be a number, a list or a map by output "
                    + "name, got " + ComponentResolver.describe(w));
        }
        Object[] per = perOutput(w, "lossWeights", n);
        for (int i = 0; i < n; i++) {
            if (per[i] != null && !(per[i] instanceof Number)) {
                throw new IllegalArgumentException("compile: loss weight for output '" + outputNames.get(i)
                        + "' must be a number, got " + ComponentResolver.describe(per[i]));
            }
            r[i] = per[i] == null ? null : ((Number) per[i]).doubleValue();
        }
        return r;
    }

    /** Names of the per-output loss logs ({@code dense_1_loss}…), empty with a single loss. */
    List<String> trackerNames() {
        return trackerNames;
    }

    /** The total loss and, with several outputs, each output's unweighted loss. */
    record Value(Tensor total, List<Tensor> perOutput) {
    }

    /**
     * Computes the loss of one batch; the first call creates the losses, choosing crossentropy variants from the
     * shapes of this batch.
     */
    Value compute(List<Tensor> ys, List<Tensor> preds, Tensor sampleWeight) {
        if (ys.size() != preds.size()) {
            throw new IllegalArgumentException("The model has " + preds.size() + " output"
                    + (preds.size() == 1 ? "" : "s") + " " + outputNames + " but " + ys.size() + " target"
                    + (ys.size() == 1 ? " was" : "s were") + " given (y)");
        }
        if (losses == null) {
            build(ys, preds);
        }
        Tensor total = null;
        List<Tensor> per = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            if (losses[i] == null) {
                continue;
            }
            Tensor v = losses[i].compute(ys.get(i), preds.get(i), sampleWeight);
            if (!trackerNames.isEmpty()) {
                per.add(v);
            }
            if (weights[i] != null) {
                v = Ops.multiply(v, weights[i]);
            }
            total = total == null ? v : Ops.add(total, v);
        }
        return new Value(total, per);
    }

    @SuppressWarnings("unchecked")
    private void build(List<Tensor> ys, List<Tensor> preds) {
        Loss[] built = new Loss[specs.length];
        for (int i = 0; i < specs.length; i++) {
            Object s = specs[i];
            if (s instanceof Loss l) {
                built[i] = l;
            } else if (s instanceof String) {
                built[i] = ComponentResolver.lossFactory(crossentropyFor(ys.get(i).shape(), preds.get(i).shape()))
                        .apply(Map.of());
            } else if (s != null) {
                built[i] = ((Function<Map<String, Object>, Loss>) s).apply(Map.of());
            }
        }
        losses = built;
    }

    /** Keras's {@code is_binary_or_sparse_categorical} choice for {@code "crossentropy"}. */
    static String crossentropyFor(Shape yTrue, Shape yPred) {
        return switch (TargetKind.of(yTrue, yPred)) {
            case BINARY -> "binary_crossentropy";
            case SPARSE -> "sparse_categorical_crossentropy";
            case CATEGORICAL -> "categorical_crossentropy";
        };
    }

    /** How targets relate to predictions, decided from shapes as Keras's {@code is_binary_or_sparse_categorical}. */
    enum TargetKind {
        BINARY, SPARSE, CATEGORICAL;

        static TargetKind of(Shape yTrue, Shape yPred) {
            long pLast = yPred.rank() == 0 ? 1 : yPred.dim(yPred.rank() - 1);
            long tLast = yTrue.rank() == 0 ? 1 : yTrue.dim(yTrue.rank() - 1);
            if (pLast == 1) {
                return BINARY;
            }
            if (yTrue.rank() < yPred.rank() || (tLast == 1 && pLast > 1)) {
                return SPARSE;
            }
            return CATEGORICAL;
        }
    }
}
