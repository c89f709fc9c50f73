package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Glorot (Xavier) uniform: samples in {@code ±sqrt(6 / (fan_in + fan_out))}; the default kernel initializer of {@code Dense}.
 * Keras's {@code GlorotUniform}: {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GlorotUniform extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public GlorotUniform() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public GlorotUniform(Long seed) {
        super(1.0, "fan_avg", "uniform", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
