package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * A backend's memory use.
 *
 * @param bytesInUse bytes held by open tensors, or -1 if unknown
 * @param peakBytes  the most bytes held at once since start, or -1 if unknown
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record MemoryStats(long bytesInUse, long peakBytes) {
    /** For backends that do not track memory. */
    public static final MemoryStats UNKNOWN = new MemoryStats(-1, -1);
}
