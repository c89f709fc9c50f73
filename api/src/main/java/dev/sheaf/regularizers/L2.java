package dev.sheaf.regularizers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code L2}: {@code l2 * sum(x²)}, {@code l2} 0.01 by default (no ½ factor, as Keras). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class L2 implements Regularizer {
    private final double l2;

    /** Keras's default factor, 0.01. */
    public L2() {
        this(0.01);
    }

    /** @throws IllegalArgumentException if {@code l2} is negative, infinite or NaN */
    public L2(double l2) {
        this.l2 = L1L2.check("L2", "l2", l2);
    }

    /** The factor. */
    public double l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        return Ops.multiply(Ops.sum(Ops.square(weight)), l2);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l2", l2);
        return c;
    }

    @Override
    public String toString() {
        return "L2" + getConfig();
    }
}
