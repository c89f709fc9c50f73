package dev.sheaf.constraints;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code UnitNorm}: {@code w / (epsilon + norm)} along {@code axis} (default 0), epsilon 1e-7. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class UnitNorm implements Constraint {
    private final NormAxes axes;

    /** Axis 0. */
    public UnitNorm() {
        this(0);
    }

    /** @param axis one or more axes to measure the norm along */
    public UnitNorm(int... axis) {
        this(NormAxes.of("UnitNorm", axis.length == 0 ? null : axis));
    }

    UnitNorm(NormAxes axes) {
        this.axes = axes;
    }

    @Override
    public Tensor apply(Tensor w) {
        return Ops.divide(w, Ops.add(axes.norms(w), NormAxes.EPSILON));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", axes.configValue());
        return c;
    }

    @Override
    public String toString() {
        return "UnitNorm" + getConfig();
    }
}
