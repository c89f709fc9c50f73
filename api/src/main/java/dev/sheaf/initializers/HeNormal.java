package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * He normal: a truncated normal with stddev {@code sqrt(2 / fan_in)}.
 * Keras's {@code HeNormal}: {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HeNormal extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public HeNormal() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public HeNormal(Long seed) {
        super(2.0, "fan_in", "truncated_normal", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
