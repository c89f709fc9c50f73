package dev.sheaf.regularizers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code L1L2}: {@code l1 * sum(|x|) + l2 * sum(x²)}. Keras 3's defaults are {@code l1 = l2 = 0} (so
 * {@code "l1_l2"} by name adds nothing until configured).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class L1L2 implements Regularizer {
    private final double l1;
    private final double l2;

    /** Keras 3's defaults: both factors 0. */
    public L1L2() {
        this(0.0, 0.0);
    }

    /**
     * @throws IllegalArgumentException if a factor is negative, infinite or NaN
     */
    public L1L2(double l1, double l2) {
        this.l1 = check(getClass().getSimpleName(), "l1", l1);
        this.l2 = check(getClass().getSimpleName(), "l2", l2);
    }

    static double check(String who, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(who + ": " + name + " must be a non-negative finite number, got " + v);
        }
        return v;
    }

    /** The L1 factor. */
    public double l1() {
        return l1;
    }

    /** The L2 factor. */
    public double l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        Tensor total = null;
        if (l1 != 0) {
            total = Ops.multiply(Ops.sum(Ops.abs(weight)), l1);
        }
        if (l2 != 0) {
            Tensor p = Ops.multiply(Ops.sum(Ops.square(weight)), l2);
            total = total == null ? p : Ops.add(total, p);
        }
        return total != null ? total : Ops.scalar(0.0, weight.dtype());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", l1);
        c.put("l2", l2);
        return c;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + getConfig();
    }
}
