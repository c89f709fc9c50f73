package dev.sheaf.optimizers.schedules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A piecewise constant rate, as {@code keras.optimizers.schedules.PiecewiseConstantDecay}: {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]}, and the last
 * value after the last boundary. Default {@code name = "PiecewiseConstant"}.
 *
 * <pre>{@code
 * // 1.0 for the first 100001 steps, 0.5 for the next 10000, then 0.1
 * new PiecewiseConstantDecay(new long[] {100_000, 110_000}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;
    private String name = "PiecewiseConstant";

    /**
     * @throws IllegalArgumentException if {@code values} is not one longer than {@code boundaries}, or the boundaries
     *                                  do not increase strictly
     */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        if (boundaries == null || values == null || boundaries.length != values.length - 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: there must be one more value than boundaries, "
                    + "got " + (boundaries == null ? "no" : boundaries.length) + " boundaries and "
                    + (values == null ? "no" : values.length) + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: the boundaries must increase strictly, got "
                        + java.util.Arrays.toString(boundaries));
            }
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    /** The name kept in the config. */
    public PiecewiseConstantDecay setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Long> b = new ArrayList<>();
        for (long x : boundaries) {
            b.add(x);
        }
        List<Double> v = new ArrayList<>();
        for (double x : values) {
            v.add(x);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", b);
        c.put("values", v);
        c.put("name", name);
        return c;
    }

    /** The schedule described by a {@link #getConfig()} map. */
    public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("PiecewiseConstantDecay", config);
        double[] b = r.numbers("boundaries");
        long[] boundaries = new long[b.length];
        for (int i = 0; i < b.length; i++) {
            // Keras casts the boundaries to the step's integer type.
            boundaries[i] = (long) b[i];
        }
        return new PiecewiseConstantDecay(boundaries, r.numbers("values"))
                .setName(r.string("name", "PiecewiseConstant"));
    }
}
