package dev.sheaf;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Global configuration: the active backend and the random seed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Sheaf {
    private static volatile Backend active;
    private static SplittableRandom seeds = new SplittableRandom();

    static {
        Registry.global().onChange(() -> {
            // A plugin came or went: forget the choice so the next use selects again.
            active = null;
        });
    }

    private Sheaf() {
    }

    /** The Sheaf version, from the jar manifest (or "dev" when running from classes). */
    public static String version() {
        String v = Sheaf.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /**
     * The backend new tensors are created on: the one set by {@link #setBackend}, else the one the registry selects
     * ({@code sheaf.backend} property, {@code SHEAF_BACKEND} environment variable, then priority).
     */
    public static Backend backend() {
        Backend b = active;
        if (b == null) {
            synchronized (Sheaf.class) {
                b = active;
                if (b == null) {
                    b = Registry.global().selectBackend();
                    active = b;
                }
            }
        }
        return b;
    }

    /**
     * Makes the named backend the active one.
     *
     * @throws IllegalStateException if it is missing or unavailable (the message lists what was found)
     */
    public static Backend setBackend(String name) {
        Backend b = Registry.global().backend(name);
        active = b;
        return b;
    }

    /** Makes {@code backend} the active one. */
    public static void setBackend(Backend backend) {
        active = backend;
    }

    /**
     * Seeds every random op (initializers, dropout, shuffling): after {@code setSeed(s)}, the same program produces the
     * same numbers.
     */
    public static synchronized void setSeed(long seed) {
        seeds = new SplittableRandom(seed);
    }

    /** The next seed of the global sequence, for a random op that was given none. */
    @API(status = API.Status.INTERNAL)
    public static synchronized long nextSeed() {
        return seeds.nextLong();
    }
}
