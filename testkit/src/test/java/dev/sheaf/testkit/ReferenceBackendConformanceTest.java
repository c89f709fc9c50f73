package dev.sheaf.testkit;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;

/**
 * The whole kit against the reference backend. Its differential checks compare the reference with itself, so here
 * the golden cases and the identities are what can fail; it also shows a plugin author the one class to write.
 */
class ReferenceBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend backend() {
        return Registry.global().backend("reference");
    }
}
