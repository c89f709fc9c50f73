package dev.sheaf.spi;

import org.apiguardian.api.API;

/** The pooling kinds of {@link Backend#pool}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum PoolMode {
    /** Maximum over the window; padded positions never win. */
    MAX,
    /** Mean over the window's positions that lie inside the input (padding is not counted, as Keras "same"). */
    AVG
}
