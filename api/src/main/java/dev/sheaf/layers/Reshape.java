package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Reshape}: gives each sample the {@code targetShape} (the batch dimension is kept), one entry of
 * which may be {@code -1}, inferred from the input size: {@code new Reshape(4, -1)} turns {@code (batch, 12)} into
 * {@code (batch, 4, 3)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Reshape extends Layer {
    private final long[] targetShape;

    /**
     * @param targetShape the shape of each sample, without the batch dimension; at most one {@code -1}
     * @throws IllegalArgumentException on more than one {@code -1} or a dimension below 1
     */
    public Reshape(long... targetShape) {
        if (targetShape == null) {
            throw new IllegalArgumentException("Reshape: the target shape is null; give the shape of each sample");
        }
        int unknown = 0;
        for (long d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d < 1) {
                throw new IllegalArgumentException("Reshape: target shape " + Arrays.toString(targetShape)
                        + " has an invalid dimension " + d + "; use positive sizes and at most one -1");
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: target shape " + Arrays.toString(targetShape)
                    + " has more than one -1; only one dimension can be inferred");
        }
        this.targetShape = targetShape.clone();
    }

    /** The target shape per sample (with -1 where inferred). */
    public long[] targetShape() {
        return targetShape.clone();
    }

    /** The target shape with the -1 resolved for inputs of {@code inputShape}, or left -1 if the size is unknown. */
    private long[] resolve(Shape inputShape) {
        if (inputShape.rank() < 1) {
            throw new IllegalArgumentException("Reshape '" + name() + "' needs an input with a batch dimension, but got "
                    + "shape " + inputShape);
        }
        long inputSize = 1;
        for (int i = 1; i < inputShape.rank(); i++) {
            long d = inputShape.dim(i);
            if (d == Shape.UNKNOWN) {
                return targetShape.clone();
            }
            inputSize *= d;
        }
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                inferred = i;
            } else {
                known *= targetShape[i];
            }
        }
        long[] r = targetShape.clone();
        if (inferred >= 0 ? inputSize % known != 0 : inputSize != known) {
            throw new IllegalArgumentException("Reshape '" + name() + "': cannot reshape an input of shape "
                    + inputShape + " (" + inputSize + " values per sample) to target shape "
                    + Shape.symbolic(targetShape) + "; the number of values must stay the same");
        }
        if (inferred >= 0) {
            r[inferred] = inputSize / known;
        }
        return r;
    }

    @Override
    protected void build(Shape inputShape) {
        resolve(inputShape);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        return Ops.reshape(inputs, withBatch(inputs.shape().dim(0), resolve(inputs.shape())));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return withBatch(inputShape.dim(0), resolve(inputShape));
    }

    private static Shape withBatch(long batch, long[] t) {
        long[] full = new long[t.length + 1];
        full[0] = batch;
        System.arraycopy(t, 0, full, 1, t.length);
        return Shape.symbolic(full);
    }

    /** Adds {@code target_shape} (a list, with -1 where inferred). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", ConfigReader.toList(targetShape, Long.MIN_VALUE));
        return c;
    }

    /**
     * A new Reshape from its config.
     *
     * @throws IllegalArgumentException on a missing or invalid target shape
     */
    public static Reshape fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Reshape", config, Set.of("target_shape"));
        if (!r.has("target_shape")) {
            throw new IllegalArgumentException("Reshape.fromConfig: the config needs 'target_shape'");
        }
        Reshape l = new Reshape(r.longs("target_shape", -1));
        return l.applyBaseConfig(l, config);
    }
}
