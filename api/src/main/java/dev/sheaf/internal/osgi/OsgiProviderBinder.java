package dev.sheaf.internal.osgi;

import dev.sheaf.spi.BackendProvider;
import dev.sheaf.spi.Registry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Inside an OSGi framework, binds every provider service that bundles register into {@link Registry#global()}, and
 * unbinds it when its bundle goes, so that dropping a backend bundle in or out switches backends without a restart.
 * On a plain class path nothing instantiates this class.
 */
@Component(immediate = true)
public final class OsgiProviderBinder {

    /** Called by Declarative Services when a backend provider service appears. */
    @Reference(service = BackendProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeBackend")
    void addBackend(BackendProvider provider) {
        Registry.global().add(provider);
    }

    /** Called by Declarative Services when a backend provider service goes. */
    void removeBackend(BackendProvider provider) {
        Registry.global().remove(provider);
    }
}
