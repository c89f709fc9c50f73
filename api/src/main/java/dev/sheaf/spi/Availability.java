package dev.sheaf.spi;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Whether a backend can run here, and if not, why.
 *
 * @param available true if the backend can be created
 * @param reason    why not (natives missing, no GPU…), or a short note when available
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Availability(boolean available, String reason) {

    /** Validates. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** Available. */
    public static Availability yes() {
        return new Availability(true, "available");
    }

    /** Unavailable for {@code reason}. */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
