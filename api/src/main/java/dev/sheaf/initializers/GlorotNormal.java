package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Glorot (Xavier) normal: a truncated normal with stddev {@code sqrt(2 / (fan_in + fan_out))}.
 * Keras's {@code GlorotNormal}: {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GlorotNormal extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public GlorotNormal() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public GlorotNormal(Long seed) {
        super(1.0, "fan_avg", "truncated_normal", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
