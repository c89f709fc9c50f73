package dev.sheaf.layers;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Keras's {@code Dropout}: in training, sets each input element to 0 with probability {@code rate} and scales the
 * others by {@code 1 / (1 - rate)} (inverted dropout, so the expected sum is unchanged); in inference, the identity.
 *
 * <p>{@code setNoiseShape} gives the shape of the keep/drop mask, broadcast over the input ({@code -1} takes the
 * input's dimension): {@code (-1, 1, features)} drops the same features at every time step. With
 * {@code setSeed} the sequence of masks is reproducible; without, each call draws from {@link Sheaf#nextSeed()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Dropout extends Layer {
    private final double rate;
    private long[] noiseShape;
    private Long seed;
    private SplittableRandom seeds;

    /**
     * @param rate the fraction of inputs to drop, in [0, 1]
     * @throws IllegalArgumentException outside [0, 1]
     */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("Dropout: rate must be a number in [0, 1], got " + rate);
        }
        this.rate = rate;
    }

    /** The drop probability. */
    public double rate() {
        return rate;
    }

    /**
     * The shape of the mask, one entry per input dimension, {@code -1} for "as the input" (Keras's {@code None});
     * {@code null} (the default) for the input's own shape.
     */
    public Dropout setNoiseShape(long... noiseShape) {
        if (noiseShape != null) {
            for (long d : noiseShape) {
                if (d < -1 || d == 0) {
                    throw new IllegalArgumentException("Dropout: noise shape " + Arrays.toString(noiseShape)
                            + " has an invalid dimension; use positive sizes or -1 for the input's");
                }
            }
        }
        this.noiseShape = noiseShape == null ? null : noiseShape.clone();
        return this;
    }

    /** Makes the sequence of masks reproducible. */
    public Dropout setSeed(long seed) {
        this.seed = seed;
        this.seeds = new SplittableRandom(seed);
        return this;
    }

    private long nextSeed() {
        if (seeds == null) {
            return Sheaf.nextSeed();
        }
        synchronized (seeds) {
            return seeds.nextLong();
        }
    }

    private Shape maskShape(Shape input) {
        if (noiseShape == null) {
            return input;
        }
        if (noiseShape.length != input.rank()) {
            throw new IllegalArgumentException("Dropout '" + name() + "': noise shape "
                    + Shape.symbolic(noiseShape) + " must have one entry per input dimension, but the input has "
                    + "shape " + input);
        }
        long[] d = noiseShape.clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] == Shape.UNKNOWN) {
                d[i] = input.dim(i);
            } else if (d[i] != 1 && d[i] != input.dim(i)) {
                throw new IllegalArgumentException("Dropout '" + name() + "': noise shape "
                        + Shape.symbolic(noiseShape) + " does not broadcast to the input shape " + input
                        + "; each entry must be 1, -1 or the input's size");
            }
        }
        return Shape.of(d);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) {
            return inputs;
        }
        if (rate == 1) {
            // Everything is dropped; multiplying keeps the result attached to the tape (with a zero gradient).
            return Ops.multiply(inputs, 0.0);
        }
        double keep = 1 - rate;
        Tensor mask = Ops.bernoulli(maskShape(inputs.shape()), keep, nextSeed());
        if (!mask.shape().equals(inputs.shape())) {
            mask = Ops.broadcastTo(mask, inputs.shape());
        }
        return Ops.where(mask, Ops.divide(inputs, keep), 0.0);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    /** Adds {@code rate}, {@code seed} and {@code noise_shape} (null entries for "as the input"). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        c.put("noise_shape", noiseShape == null ? null : ConfigReader.toList(noiseShape, Shape.UNKNOWN));
        return c;
    }

    /**
     * A new Dropout from its config.
     *
     * @throws IllegalArgumentException on a missing or invalid rate or noise shape
     */
    public static Dropout fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Dropout", config, Set.of("rate", "seed", "noise_shape"));
        if (!r.has("rate")) {
            throw new IllegalArgumentException("Dropout.fromConfig: the config needs 'rate'");
        }
        Dropout d = new Dropout(r.number("rate", 0));
        if (r.has("noise_shape")) {
            d.setNoiseShape(r.longs("noise_shape", Shape.UNKNOWN));
        }
        Long seed = r.optionalLong("seed");
        if (seed != null) {
            d.setSeed(seed);
        }
        return d.applyBaseConfig(d, config);
    }
}
