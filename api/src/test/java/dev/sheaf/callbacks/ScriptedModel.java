package dev.sheaf.callbacks;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.models.Model;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model with one weight and a do-nothing optimizer, for driving callbacks with scripted logs: a test sets the
 * weight to the epoch number to see which epoch's weights a callback restores.
 */
final class ScriptedModel extends Model {
    final Variable w;

    ScriptedModel(double learningRate) {
        w = addWeight("w", Shape.of(2), (shape, dtype) -> Ops.zeros(shape, dtype), true);
        optimizer = new Optimizer("scripted", learningRate) {
            @Override
            protected void updateStep(Tensor gradient, Variable variable, Tensor lr) {
            }
        };
    }

    ScriptedModel() {
        this(0.01);
    }

    /** Sets both elements of the weight to {@code value}. */
    void setWeightTo(float value) {
        w.assign(Ops.constant(new float[] {value, value}, 2));
    }

    float weight() {
        return w.value().toFloatArray()[0];
    }

    /** A mutable logs map of alternating keys and values. */
    static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /**
     * Runs epochs the way fit does, with the monitored key taking the scripted values, and the weight set to the
     * epoch number before each epoch ends; returns the number of epochs run.
     */
    static int run(Callback c, ScriptedModel model, String key, double... values) {
        c.setModel(model);
        model.setStopTraining(false);
        c.onTrainBegin(logs());
        int epoch = 0;
        for (; epoch < values.length && !model.isStopTraining(); epoch++) {
            c.onEpochBegin(epoch, logs());
            model.setWeightTo(epoch);
            // As in fit, the epoch's hooks run inside a scope that closes when the epoch ends.
            try (TensorScope scope = TensorScope.open()) {
                c.onEpochEnd(epoch, logs(key, values[epoch]));
            }
        }
        c.onTrainEnd(logs());
        return epoch;
    }

    static List<Double> list(double... v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
