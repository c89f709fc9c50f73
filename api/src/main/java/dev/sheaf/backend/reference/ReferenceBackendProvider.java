package dev.sheaf.backend.reference;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link ReferenceBackend} under the name {@code "reference"} with the lowest priority, 0. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(BackendProvider.class)
@Component(service = BackendProvider.class)
public final class ReferenceBackendProvider implements BackendProvider {

    /** Needed by ServiceLoader and OSGi; does no work. */
    public ReferenceBackendProvider() {
    }

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    /** Always available: it needs nothing but the JVM. */
    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
