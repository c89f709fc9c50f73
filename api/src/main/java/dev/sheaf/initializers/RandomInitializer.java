package dev.sheaf.initializers;

import dev.sheaf.Sheaf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * An initializer that draws random numbers. With an explicit seed every call draws the same values (as a seeded
 * Keras initializer); without one each call takes the next seed of {@link Sheaf#nextSeed()}, so two layers sharing
 * the initializer get different weights and {@link Sheaf#setSeed} makes a whole program reproducible.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class RandomInitializer implements Initializer {
    private final Long seed;

    /** @param seed the seed, or {@code null} to use the global seed sequence */
    protected RandomInitializer(Long seed) {
        this.seed = seed;
    }

    /** The explicit seed, or {@code null}. */
    public Long seed() {
        return seed;
    }

    /** The seed for one call: the explicit one, else the next global seed. */
    protected long seedForCall() {
        return seed != null ? seed : Sheaf.nextSeed();
    }

    /** Keras's config of a random initializer: {@code {"seed": seed}} ({@code null} when not given). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", seed);
        return c;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + getConfig();
    }
}
