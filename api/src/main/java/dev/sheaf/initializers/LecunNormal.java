package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * LeCun normal: a truncated normal with stddev {@code sqrt(1 / fan_in)}.
 * Keras's {@code LecunNormal}: {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LecunNormal extends VarianceScaling {

    /** Unseeded: draws from the global seed sequence. */
    public LecunNormal() {
        this(null);
    }

    /** @param seed explicit seed (the same values on every call), or {@code null} */
    public LecunNormal(Long seed) {
        super(1.0, "fan_in", "truncated_normal", seed);
    }

    /** {@code {"seed": seed}}, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed());
        return c;
    }
}
