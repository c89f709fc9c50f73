package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code RandomUniform}: uniform in {@code [minval, maxval)}, by default {@code [-0.05, 0.05)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RandomUniform extends RandomInitializer {
    private final double minval;
    private final double maxval;

    /** Keras's defaults: {@code [-0.05, 0.05)}, no seed. */
    public RandomUniform() {
        this(-0.05, 0.05, null);
    }

    /**
     * @throws IllegalArgumentException if {@code minval > maxval}
     */
    public RandomUniform(double minval, double maxval, Long seed) {
        super(seed);
        if (!(minval <= maxval)) {
            throw new IllegalArgumentException("RandomUniform: minval " + minval + " must not exceed maxval " + maxval);
        }
        this.minval = minval;
        this.maxval = maxval;
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return Ops.uniform(shape, dtype, minval, maxval, seedForCall());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("minval", minval);
        c.put("maxval", maxval);
        c.putAll(super.getConfig());
        return c;
    }
}
