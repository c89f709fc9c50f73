package dev.sheaf.backend.cpu;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.testkit.BackendConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The testkit suite once more with the float32 recurrent ops forced onto {@link RecurrentKernels} (oneDNN matmuls
 * and Java gate loops), so that both recurrent paths pass the kit whichever one the default ("auto") picks on the
 * machine running the tests (oneDNN's RNN primitives with several threads). The other ops take their usual paths;
 * the suite runs whole because its factories cannot be selected from here.
 */
class CpuJavaRecurrentConformanceTest extends BackendConformanceTest {
    private static String before;

    @BeforeAll
    static void forceJava() {
        before = RecurrentKernels.mode;
        RecurrentKernels.mode = "java";
    }

    @AfterAll
    static void restore() {
        RecurrentKernels.mode = before;
    }

    @Override
    protected Backend backend() {
        return Registry.global().backend("cpu");
    }
}
