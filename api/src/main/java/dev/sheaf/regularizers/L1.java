package dev.sheaf.regularizers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code L1}: {@code l1 * sum(|x|)}, {@code l1} 0.01 by default. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class L1 implements Regularizer {
    private final double l1;

    /** Keras's default factor, 0.01. */
    public L1() {
        this(0.01);
    }

    /** @throws IllegalArgumentException if {@code l1} is negative, infinite or NaN */
    public L1(double l1) {
        this.l1 = L1L2.check("L1", "l1", l1);
    }

    /** The factor. */
    public double l1() {
        return l1;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        return Ops.multiply(Ops.sum(Ops.abs(weight)), l1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", l1);
        return c;
    }

    @Override
    public String toString() {
        return "L1" + getConfig();
    }
}
