package dev.sheaf.metrics;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.losses.RankAlignment;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;

/**
 * Flattened labels, predictions and weights for confusion-matrix metrics, prepared as Keras's
 * {@code update_confusion_matrix_variables}: ranks aligned, sample weights broadcast to the predictions, then the
 * optional top-k filter and class selection.
 */
final class ConfusionInputs {
    /** What Keras's {@code _filter_top_k} gives predictions outside the top k. */
    static final double NEG_INF = -1e10;

    final boolean[] labels;
    final double[] predictions;
    final double[] weights;

    private ConfusionInputs(boolean[] labels, double[] predictions, double[] weights) {
        this.labels = labels;
        this.predictions = predictions;
        this.weights = weights;
    }

    static ConfusionInputs of(Metric metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, Integer topK,
                              Integer classId) {
        double[] t;
        double[] p;
        double[] w;
        long lastDim;
        try (GradientTape.Pause pause = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            Tensor[] a = RankAlignment.align(Ops.cast(yPred, DType.FLOAT64), Ops.cast(yTrue, DType.FLOAT64));
            Tensor pred = a[0];
            Tensor truth = a[1];
            String type = metric.getClass().getSimpleName();
            Shapes.requireEqual(type, metric.name(), truth.shape(), pred.shape());
            t = truth.toDoubleArray();
            p = pred.toDoubleArray();
            lastDim = pred.rank() == 0 ? 1 : pred.shape().dim(pred.rank() - 1);
            if (sampleWeight == null) {
                w = null;
            } else {
                Tensor sw = Ops.expandDims(Ops.cast(sampleWeight, DType.FLOAT64), -1);
                sw = RankAlignment.align(truth, sw, false)[1];
                if (!sw.shape().isBroadcastableTo(pred.shape())) {
                    throw new IllegalArgumentException(type + " ('" + metric.name() + "'): sample_weight of shape "
                            + sampleWeight.shape() + " does not broadcast against y_pred of shape " + yPred.shape());
                }
                w = Ops.broadcastTo(sw, pred.shape()).toDoubleArray();
            }
        }
        if (topK != null) {
            filterTopK(p, (int) lastDim, topK);
        }
        if (classId != null) {
            if (classId < 0 || classId >= lastDim) {
                throw new IllegalArgumentException(metric.getClass().getSimpleName() + " ('" + metric.name()
                        + "'): classId " + classId + " is out of range for y_pred of shape " + yPred.shape());
            }
            t = column(t, (int) lastDim, classId);
            p = column(p, (int) lastDim, classId);
            w = w == null ? null : column(w, (int) lastDim, classId);
        }
        boolean[] labels = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            labels[i] = t[i] != 0;
        }
        if (w == null) {
            w = new double[t.length];
            java.util.Arrays.fill(w, 1.0);
        }
        return new ConfusionInputs(labels, p, w);
    }

    /** Keeps the {@code k} largest values of each row (the first ones on ties); the rest become {@link #NEG_INF}. */
    private static void filterTopK(double[] p, int rowLength, int k) {
        for (int base = 0; base < p.length; base += rowLength) {
            boolean[] keep = new boolean[rowLength];
            for (int n = 0; n < Math.min(k, rowLength); n++) {
                int best = -1;
                for (int c = 0; c < rowLength; c++) {
                    if (!keep[c] && (best < 0 || p[base + c] > p[base + best])) {
                        best = c;
                    }
                }
                keep[best] = true;
            }
            for (int c = 0; c < rowLength; c++) {
                if (!keep[c]) {
                    p[base + c] = NEG_INF;
                }
            }
        }
    }

    private static double[] column(double[] x, int rowLength, int index) {
        double[] r = new double[x.length / rowLength];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i * rowLength + index];
        }
        return r;
    }

    static double checkThreshold(String type, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(type + ": thresholds must be in [0, 1], got " + threshold);
        }
        return threshold;
    }
}
