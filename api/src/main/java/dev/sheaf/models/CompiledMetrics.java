package dev.sheaf.models;

import dev.sheaf.metrics.Metric;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The metrics given to {@code compile}, as Keras's {@code CompileMetrics}: for one output a flat list, for several
 * one entry per output (a name, a metric or a list of them) or a map by output name. They are logged under the name
 * given ({@code "acc"} stays {@code acc}), prefixed with the output name when there are several outputs.
 * {@code "accuracy"} / {@code "acc"} become binary, sparse categorical or categorical accuracy from the shapes of the
 * first batch. As in Keras, these metrics do not see sample weights.
 */
final class CompiledMetrics {
    private final List<List<Object>> specs;
    private final List<String> outputNames;
    private List<List<Named>> metrics;

    private record Named(String name, Metric metric) {
    }

    /**
     * @throws IllegalArgumentException if the metrics do not fit the outputs, or a name is unknown
     */
    CompiledMetrics(Object[] given, List<String> outputNames) {
        this.outputNames = List.copyOf(outputNames);
        int n = outputNames.size();
        List<List<Object>> per = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            per.add(new ArrayList<>());
        }
        Object[] g = given == null ? new Object[0] : given;
        if (n == 1) {
            for (Object o : g) {
                flatten(o, per.get(0));
            }
        } else if (g.length == 1 && g[0] instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                int i = outputNames.indexOf(e.getKey());
                if (i < 0) {
                    throw new IllegalArgumentException("compile: the metrics map has the key '" + e.getKey()
                            + "', which is not an output of the model; the outputs are " + outputNames);
                }
                flatten(e.getValue(), per.get(i));
            }
        } else if (g.length > 0) {
            Object[] entries = g.length == 1 && g[0] instanceof List<?> l && l.size() == n ? l.toArray() : g;
            if (entries.length != n) {
                throw new IllegalArgumentException("compile: for a model with " + n + " outputs " + outputNames
                        + ", give the metrics as one entry per output (a name, a Metric or a list of them) or as a "
                        + "map by output name; got " + entries.length + " entries " + Arrays.toString(entries));
            }
            for (int i = 0; i < n; i++) {
                flatten(entries[i], per.get(i));
            }
        }
        for (List<Object> l : per) {
            for (int j = 0; j < l.size(); j++) {
                l.set(j, check(l.get(j)));
            }
        }
        this.specs = per;
    }

    private static void flatten(Object o, List<Object> into) {
        if (o == null) {
            return;
        }
        if (o instanceof List<?> l) {
            for (Object e : l) {
                flatten(e, into);
            }
        } else if (o instanceof Object[] a) {
            for (Object e : a) {
                flatten(e, into);
            }
        } else {
            into.add(o);
        }
    }

    /** Validates a spec now, so that an unknown name fails in compile rather than in the first batch. */
    private static Object check(Object s) {
        if (s instanceof Metric) {
            return s;
        }
        if (s instanceof String name) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("accuracy") && !lower.equals("acc")) {
                ComponentResolver.metricFactory(name);
            }
            return name;
        }
        throw new IllegalArgumentException("compile: a metric must be a name such as \"accuracy\" or a Metric, got "
                + ComponentResolver.describe(s));
    }

    /** True when no metric was given. */
    boolean isEmpty() {
        for (List<Object> l : specs) {
            if (!l.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Accumulates one batch; the first call creates the metrics from the shapes of this batch. */
    void update(List<Tensor> ys, List<Tensor> preds) {
        if (metrics == null) {
            build(ys, preds);
        }
        for (int i = 0; i < metrics.size(); i++) {
            for (Named m : metrics.get(i)) {
                m.metric().updateState(ys.get(i), preds.get(i), null);
            }
        }
    }

    private void build(List<Tensor> ys, List<Tensor> preds) {
        List<List<Named>> built = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            List<Named> out = new ArrayList<>();
            for (Object s : specs.get(i)) {
                if (s instanceof Metric m) {
                    out.add(new Named(m.name(), m));
                } else {
                    String name = (String) s;
                    out.add(new Named(name, create(name, ys.get(i), preds.get(i))));
                }
            }
            built.add(out);
        }
        metrics = built;
    }

    private static Metric create(String name, Tensor yTrue, Tensor yPred) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String resolved = name;
        if (lower.equals("accuracy") || lower.equals("acc")) {
            resolved = switch (CompiledLoss.TargetKind.of(yTrue.shape(), yPred.shape())) {
                case BINARY -> "binary_accuracy";
                case SPARSE -> "sparse_categorical_accuracy";
                case CATEGORICAL -> "categorical_accuracy";
            };
        }
        Function<Map<String, Object>, Metric> f = ComponentResolver.metricFactory(resolved);
        return f.apply(Map.of());
    }

    /** Forgets the accumulated state (at the start of each epoch and evaluation). */
    void reset() {
        if (metrics == null) {
            return;
        }
        for (List<Named> l : metrics) {
            for (Named m : l) {
                m.metric().resetState();
            }
        }
    }

    /** The current values by log name (empty before the first batch). */
    Map<String, Double> results() {
        Map<String, Double> r = new LinkedHashMap<>();
        if (metrics == null) {
            return r;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            for (Named m : metrics.get(i)) {
                String name = outputNames.size() > 1 ? outputNames.get(i) + "_" + m.name() : m.name();
                Integer k = seen.get(name);
                seen.put(name, k == null ? 1 : k + 1);
                r.put(k == null ? name : name + "_" + k, m.metric().result());
            }
        }
        return r;
    }
}
