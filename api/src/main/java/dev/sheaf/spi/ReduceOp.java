package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * The reductions of {@link Backend#reduce}. They take numeric types and return the input type.
 *
 * <p>{@link #SUM} of nothing is 0 and {@link #PROD} of nothing is 1; {@link #MAX} and {@link #MIN} over an empty
 * axis are refused by the engine (there is no identity). MAX and MIN propagate NaN.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ReduceOp {
    /** Sum. */
    SUM,
    /** Product. */
    PROD,
    /** Maximum. */
    MAX,
    /** Minimum. */
    MIN
}
