package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * LeCun uniform: samples in {@code ±sqrt(3 / fan_in)}.
 * Keras's {@code LecunUniform}: {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LecunUniform extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public LecunUniform() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public LecunUniform(Long seed) {
        super(1.0, "fan_in", "uniform", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
