package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code TruncatedNormal}: normal with {@code mean} (default 0) and {@code stddev} (default 0.05), values more than two standard deviations from the mean redrawn. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TruncatedNormal extends RandomInitializer {
    private final double mean;
    private final double stddev;

    /** Keras's defaults: mean 0, stddev 0.05, no seed. */
    public TruncatedNormal() {
        this(0.0, 0.05, null);
    }

    /**
     * @throws IllegalArgumentException if {@code stddev} is negative
     */
    public TruncatedNormal(double mean, double stddev, Long seed) {
        super(seed);
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("TruncatedNormal: stddev must be >= 0, got " + stddev);
        }
        this.mean = mean;
        this.stddev = stddev;
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return Ops.truncatedNormal(shape, dtype, mean, stddev, seedForCall());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        c.putAll(super.getConfig());
        return c;
    }
}
