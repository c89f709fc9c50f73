package dev.sheaf.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.SGD;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What Declarative Services does when a backend bundle arrives and leaves, without a framework. */
class OsgiProviderBinderTest {

    @Test
    void aBoundProviderIsSelectedAndItsRemovalFallsBack() {
        Backend reference = Sheaf.backend();
        BackendProvider better = new BackendProvider() {
            public String name() {
                return "bundled";
            }

            public int priority() {
                return 1000;
            }

            public Availability availability() {
                return Availability.yes();
            }

            public Backend create() {
                return reference;
            }
        };
        OsgiProviderBinder binder = new OsgiProviderBinder();
        binder.addBackend(better);
        try {
            assertTrue(Registry.global().backendProviders().contains(better));
            assertEquals("bundled", Registry.global().backendProviders().get(0).name());
        } finally {
            binder.removeBackend(better);
        }
        assertFalse(Registry.global().backendProviders().contains(better));
        assertEquals("reference", Sheaf.backend().name());
    }

    @Test
    void aBoundOptimizerProviderAddsItsNamesUntilItIsUnbound() {
        OptimizerProvider extra = new OptimizerProvider() {
            public Map<String, Function<Map<String, Object>, Optimizer>> components() {
                return Map.of("bundled_sgd", config -> new SGD(0.5, 0.0));
            }
        };
        OsgiProviderBinder binder = new OsgiProviderBinder();
        binder.addOptimizers(extra);
        try {
            assertTrue(Registry.global().componentNames(OptimizerProvider.class).contains("bundled_sgd"));
        } finally {
            binder.removeOptimizers(extra);
        }
        assertFalse(Registry.global().componentNames(OptimizerProvider.class).contains("bundled_sgd"));
    }
}
