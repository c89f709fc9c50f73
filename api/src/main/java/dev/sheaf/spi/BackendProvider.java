package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * Makes a {@link Backend} known to Sheaf. Implementations carry {@code @AutoService(BackendProvider.class)} (class path)
 * and {@code @Component(service = BackendProvider.class)} (OSGi), have a public no-argument constructor, and do no
 * work in it: loading natives belongs in {@link #availability()} and {@link #create()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface BackendProvider {

    /** The name users select it by: {@code "reference"}, {@code "cpu"}, {@code "cuda"}. */
    String name();

    /** Higher wins when no backend is named. The reference backend has 0; native CPU backends 100; GPU backends 200. */
    int priority();

    /**
     * Probes whether the backend can run here (natives load, a device is present). Never throws: any failure,
     * including {@link LinkageError}, becomes {@link Availability#no} with the reason.
     */
    Availability availability();

    /** Creates the backend; called at most once per provider by the registry, only when available. */
    Backend create();

    /** The SPI version the provider was built against. */
    default int spiVersion() {
        return Backend.SPI_VERSION;
    }
}
