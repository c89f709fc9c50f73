package dev.sheaf.losses;

import org.apiguardian.api.API;

/** How a loss turns per-sample values into the value that is minimised, as Keras 3. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Reduction {
    /** Per-sample values, unreduced. */
    NONE("none"),
    /** The sum. */
    SUM("sum"),
    /** The sum divided by the number of elements (the default). */
    SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
    /** The sum divided by the sum of the sample weights. */
    MEAN_WITH_SAMPLE_WEIGHT("mean_with_sample_weight");

    private final String kerasName;

    Reduction(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The Keras name. */
    public String kerasName() {
        return kerasName;
    }

    /** Looks a reduction up by Keras name. */
    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.kerasName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown reduction '" + name
                + "'; expected none, sum, sum_over_batch_size or mean_with_sample_weight");
    }
}
