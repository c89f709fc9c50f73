package dev.sheaf.backend.cpu;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.testkit.BackendConformanceTest;

/** The whole testkit conformance and gradient suite, run against the cpu backend found through the registry. */
class CpuConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend backend() {
        return Registry.global().backend("cpu");
    }
}
