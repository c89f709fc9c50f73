package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Constant}: every element equal to {@code value} (default 0). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Constant implements Initializer {
    private final double value;

    /** Keras's default, 0. */
    public Constant() {
        this(0.0);
    }

    /** Every element {@code value}. */
    public Constant(double value) {
        this.value = value;
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return Ops.full(shape, value, dtype);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", value);
        return c;
    }

    @Override
    public String toString() {
        return "Constant" + getConfig();
    }
}
