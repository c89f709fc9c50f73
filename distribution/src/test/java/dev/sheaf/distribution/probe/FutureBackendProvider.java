package dev.sheaf.distribution.probe;

import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;

/**
 * A backend provider "built" against a future api: it reports a newer SPI version, and the jar it is packed into
 * imports Sheaf's packages in the range {@code [1.0,2)}. Both modes must refuse it, naming the versions.
 */
public final class FutureBackendProvider implements BackendProvider {

    /** Needed by ServiceLoader. */
    public FutureBackendProvider() {
    }

    @Override
    public String name() {
        return "future";
    }

    @Override
    public int priority() {
        return 10_000;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Backend create() {
        throw new UnsupportedOperationException("the future backend is never created");
    }

    @Override
    public int spiVersion() {
        return Backend.SPI_VERSION + 1;
    }
}
