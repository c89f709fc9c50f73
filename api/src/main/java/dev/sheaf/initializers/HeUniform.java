package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * He uniform: samples in {@code ±sqrt(6 / fan_in)}.
 * Keras's {@code HeUniform}: {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HeUniform extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public HeUniform() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public HeUniform(Long seed) {
        super(2.0, "fan_in", "uniform", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
