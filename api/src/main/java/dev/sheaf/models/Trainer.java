package dev.sheaf.models;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.callbacks.Callback;
import dev.sheaf.callbacks.CallbackList;
import dev.sheaf.callbacks.History;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The loops behind {@code fit}, {@code evaluate} and {@code predict}, in Keras 3's order of events. Each step runs
 * in its own {@link TensorScope}, so that memory stays flat from batch to batch; the loss values are read to the host
 * once per step.
 */
final class Trainer {
    private final Model model;
    private final Optimizer optimizer;
    private final CompiledLoss loss;
    private final CompiledMetrics metrics;
    private final RunningMean lossTracker = new RunningMean();
    private final List<RunningMean> outputLossTrackers = new ArrayList<>();
    private List<Variable> trainable;

    Trainer(Model model, Optimizer optimizer, CompiledLoss loss, CompiledMetrics metrics) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = metrics;
        for (int i = 0; i < loss.trackerNames().size(); i++) {
            outputLossTrackers.add(new RunningMean());
        }
    }

    Optimizer optimizer() {
        return optimizer;
    }

    // ------------------------------------------------------------------ fit

    /** Keras's {@code fit} loop. {@code validation} may be {@code null}. */
    History fit(BatchSource train, BatchSource validation, long validationSteps, ClassWeights classWeights,
                FitOptions o) {
        long steps = o.stepsPerEpoch() != null ? o.stepsPerEpoch() : train.batchesPerPass();
        if (steps == BatchSource.INFINITE) {
            throw new IllegalArgumentException("fit: the dataset never ends (repeat()); give "
                    + "FitOptions.stepsPerEpoch so that fit knows when an epoch is over");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", o.verbose());
        params.put("epochs", o.epochs());
        params.put("steps", steps >= 0 ? (Object) steps : null);
        CallbackList callbacks = new CallbackList(o.callbacks(), true, o.verbose() != 0, model, params);
        model.setStopTraining(false);
        trainable = null;
        callbacks.onTrainBegin(new LinkedHashMap<>());
        Map<String, Double> trainingLogs = null;
        BatchSource.Passes pass = null;
        try {
            for (int epoch = o.initialEpoch(); epoch < o.epochs(); epoch++) {
                resetMetrics();
                callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
                int step = 0;
                if (pass == null) {
                    pass = train.open();
                }
                while (steps < 0 || step < steps) {
                    if (!pass.hasNext()) {
                        // The data ran out: the epoch ends here; the next one starts a new pass.
                        pass.close();
                        pass = null;
                        break;
                    }
                    callbacks.onTrainBatchBegin(step, new LinkedHashMap<>());
                    try (TensorScope scope = TensorScope.open()) {
                        trainStep(withClassWeights(pass.next(), classWeights));
                    }
                    callbacks.onTrainBatchEnd(step, logs());
                    step++;
                    if (model.isStopTraining()) {
                        break;
                    }
                }
                if (step == 0) {
                    throw new IllegalArgumentException("fit: the training data produced no batches in epoch "
                            + (epoch + 1));
                }
                if (o.stepsPerEpoch() == null && pass != null) {
                    pass.close();
                    pass = null;
                }
                Map<String, Double> epochLogs = logs();
                if (validation != null && (epoch + 1) % o.validationFreq() == 0) {
                    for (Map.Entry<String, Double> e : evaluateLoop(validation, validationSteps, callbacks).entrySet()) {
                        epochLogs.put("val_" + e.getKey(), e.getValue());
                    }
                }
                callbacks.onEpochEnd(epoch, epochLogs);
                trainingLogs = epochLogs;
                if (model.isStopTraining()) {
                    break;
                }
            }
        } finally {
            if (pass != null) {
                pass.close();
            }
        }
        callbacks.onTrainEnd(trainingLogs == null ? new LinkedHashMap<>() : trainingLogs);
        return callbacks.history();
    }

    private static StepBatch withClassWeights(StepBatch b, ClassWeights classWeights) {
        if (classWeights == null) {
            return b;
        }
        if (b.ys() == null || b.ys().size() != 1) {
            throw new IllegalArgumentException("fit: classWeight needs a model with exactly one output");
        }
        return new StepBatch(b.xs(), b.ys(), classWeights.weightsFor(b.ys().get(0)));
    }

    /** One training step on a batch whose tensors belong to the caller's step scope. */
    void trainStep(StepBatch b) {
        requireTargets(b);
        List<Tensor> preds;
        CompiledLoss.Value value;
        Tensor total;
        List<Tensor> grads = null;
        try (GradientTape tape = new GradientTape()) {
            preds = model.run(b.xs(), true);
            value = loss.compute(b.ys(), preds, b.sampleWeight());
            total = value.total();
            Tensor reg = model.regularizationLoss();
            if (reg != null) {
                total = Ops.add(total, Ops.cast(reg, total.dtype()));
            }
            if (trainable == null) {
                // After the first forward pass, so that lazily built layers have their weights.
                trainable = model.trainableWeights();
            }
            if (!trainable.isEmpty()) {
                grads = tape.gradient(total, trainable);
            }
        }
        if (grads != null) {
            optimizer.applyGradients(grads, trainable);
            model.applyConstraints();
        }
        track(total, value.perOutput(), b.size());
        try (GradientTape.Pause p = GradientTape.stopRecording()) {
            metrics.update(b.ys(), preds);
        }
    }

    /** One evaluation step on a batch whose tensors belong to the caller's step scope. */
    void testStep(StepBatch b) {
        requireTargets(b);
        try (GradientTape.Pause p = GradientTape.stopRecording()) {
            List<Tensor> preds = model.run(b.xs(), false);
            CompiledLoss.Value value = loss.compute(b.ys(), preds, b.sampleWeight());
            Tensor total = value.total();
            Tensor reg = model.regularizationLoss();
            if (reg != null) {
                total = Ops.add(total, Ops.cast(reg, total.dtype()));
            }
            track(total, value.perOutput(), b.size());
            metrics.update(b.ys(), preds);
        }
    }

    private static void requireTargets(StepBatch b) {
        if (b.ys() == null) {
            throw new IllegalArgumentException("Training and evaluation need targets y; the data has none");
        }
    }

    /** Updates the loss trackers, reading every loss value to the host in one transfer. */
    private void track(Tensor total, List<Tensor> perOutput, long batchSize) {
        if (perOutput.isEmpty()) {
            lossTracker.add(total.itemAsDouble(), batchSize);
            return;
        }
        List<Tensor> all = new ArrayList<>();
        all.add(Ops.cast(total, DType.FLOAT64));
        for (Tensor t : perOutput) {
            all.add(Ops.cast(t, DType.FLOAT64));
        }
        double[] v = Ops.stack(all).toDoubleArray();
        lossTracker.add(v[0], batchSize);
        for (int i = 0; i < outputLossTrackers.size(); i++) {
            outputLossTrackers.get(i).add(v[i + 1], batchSize);
        }
    }

    /** The current results, sorted by name as Keras 3 logs them. */
    Map<String, Double> logs() {
        TreeMap<String, Double> sorted = new TreeMap<>();
        sorted.put("loss", lossTracker.result());
        List<String> names = loss.trackerNames();
        for (int i = 0; i < names.size(); i++) {
            sorted.put(names.get(i), outputLossTrackers.get(i).result());
        }
        sorted.putAll(metrics.results());
        return new LinkedHashMap<>(sorted);
    }

    void resetMetrics() {
        lossTracker.reset();
        for (RunningMean m : outputLossTrackers) {
            m.reset();
        }
        metrics.reset();
    }

    // ------------------------------------------------------------------ evaluate

    /** Keras's {@code evaluate}: a fresh callback list, then the evaluation loop. */
    Map<String, Double> evaluate(BatchSource data, long steps, int verbose, List<Callback> userCallbacks) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", verbose);
        params.put("epochs", 1);
        long known = steps > 0 ? steps : data.batchesPerPass();
        params.put("steps", known >= 0 ? (Object) known : null);
        CallbackList callbacks = new CallbackList(userCallbacks, false, verbose != 0, model, params);
        return evaluateLoop(data, steps, callbacks);
    }

    private Map<String, Double> evaluateLoop(BatchSource data, long steps, CallbackList callbacks) {
        if (steps <= 0 && data.batchesPerPass() == BatchSource.INFINITE) {
            throw new IllegalArgumentException("evaluate: the dataset never ends (repeat()); give a number of steps");
        }
        resetMetrics();
        callbacks.onTestBegin(new LinkedHashMap<>());
        int step = 0;
        try (BatchSource.Passes pass = data.open()) {
            while ((steps <= 0 || step < steps) && pass.hasNext()) {
                callbacks.onTestBatchBegin(step, new LinkedHashMap<>());
                try (TensorScope scope = TensorScope.open()) {
                    testStep(pass.next());
                }
                callbacks.onTestBatchEnd(step, logs());
                step++;
            }
        }
        Map<String, Double> logs = logs();
        callbacks.onTestEnd(logs);
        return logs;
    }

    // ------------------------------------------------------------------ predict

    /**
     * Keras's {@code predict}: the outputs of every batch, concatenated; returned to the caller's scope (or to the
     * caller, when none is open).
     */
    static List<Tensor> predict(Model model, BatchSource data, long steps, int verbose, List<Callback> userCallbacks) {
        if (steps <= 0 && data.batchesPerPass() == BatchSource.INFINITE) {
            throw new IllegalArgumentException("predict: the dataset never ends (repeat()); give a number of steps");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", verbose);
        params.put("epochs", 1);
        long known = steps > 0 ? steps : data.batchesPerPass();
        params.put("steps", known >= 0 ? (Object) known : null);
        CallbackList callbacks = new CallbackList(userCallbacks, false, verbose != 0, model, params);
        callbacks.onPredictBegin(new LinkedHashMap<>());
        List<Tensor> result = new ArrayList<>();
        try (TensorScope outer = TensorScope.open(); BatchSource.Passes pass = data.open()) {
            List<List<Tensor>> pieces = new ArrayList<>();
            int step = 0;
            while ((steps <= 0 || step < steps) && pass.hasNext()) {
                callbacks.onPredictBatchBegin(step, new LinkedHashMap<>());
                try (TensorScope scope = TensorScope.open(); GradientTape.Pause p = GradientTape.stopRecording()) {
                    List<Tensor> outs = model.run(pass.next().xs(), false);
                    Set<Tensor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
                    for (Tensor t : outs) {
                        if (kept.add(t)) {
                            scope.keep(t);
                        }
                    }
                    pieces.add(outs);
                }
                callbacks.onPredictBatchEnd(step, new LinkedHashMap<>());
                step++;
            }
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("predict: the data produced no batches");
            }
            for (int i = 0; i < pieces.get(0).size(); i++) {
                List<Tensor> parts = new ArrayList<>();
                for (List<Tensor> piece : pieces) {
                    parts.add(piece.get(i));
                }
                result.add(outer.keep(parts.size() == 1 ? Ops.copy(parts.get(0)) : Ops.concatenate(parts, 0)));
            }
        }
        callbacks.onPredictEnd(new LinkedHashMap<>());
        return result;
    }
}
