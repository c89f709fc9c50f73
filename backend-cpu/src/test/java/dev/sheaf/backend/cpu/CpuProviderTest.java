package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Availability;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BackendProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery and selection of the cpu backend, and its refusal of dead tensors and a closed engine. */
class CpuProviderTest {

    private static Registry isolated(Map<String, String> properties, Map<String, String> environment) {
        Registry r = Registry.isolated(properties::get, environment::get);
        for (BackendProvider p : Registry.global().backendProviders()) {
            r.add(p);
        }
        return r;
    }

    @Test
    void theGlobalRegistryFindsTheCpuProviderThroughServiceLoader() {
        BackendProvider p = Registry.global().backendProviders().stream()
                .filter(b -> b.name().equals("cpu")).findFirst().orElseThrow();
        assertInstanceOf(CpuBackendProvider.class, p);
        assertEquals(100, p.priority());
        Availability a = p.availability();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().startsWith("oneDNN 3."), a.reason());
        Backend b = Registry.global().backend("cpu");
        assertInstanceOf(CpuBackend.class, b);
        assertEquals("cpu", b.name());
    }

    @Test
    void cpuOutranksReferenceWhenNothingIsRequested() {
        assertEquals("cpu", isolated(Map.of(), Map.of()).selectBackend().name());
    }

    @Test
    void thePropertyAndTheEnvironmentVariableSelect() {
        assertEquals("cpu", isolated(Map.of("sheaf.backend", "cpu"), Map.of("SHEAF_BACKEND", "reference"))
                .selectBackend().name());
        assertEquals("reference", isolated(Map.of(), Map.of("SHEAF_BACKEND", "reference")).selectBackend().name());
        assertEquals("cpu", isolated(Map.of(), Map.of("SHEAF_BACKEND", "cpu")).selectBackend().name());
    }

    @Test
    void aClosedTensorIsAnExceptionNotACrash() {
        Backend b = Registry.global().backend("cpu");
        Tensor t = b.fromFloats(new float[] {1, -2, 3}, Shape.of(3));
        Tensor w = b.fromFloats(new float[] {1, 2, 3}, Shape.of(3, 1));
        t.close();
        assertThrows(IllegalStateException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, () -> b.unary(UnaryOp.TANH, t));
        assertThrows(IllegalStateException.class, () -> b.matmul(b.reshape(t, Shape.of(1, 3)), w, false, false));
        w.close();
    }

    @Test
    void aReshapeKeepsSharedMemoryAliveUntilItsLastViewCloses() {
        Backend b = Registry.global().backend("cpu");
        Tensor t = b.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
        Tensor r = b.reshape(t, Shape.of(4));
        t.close();
        assertEquals(3f, r.toFloatArray()[2]);
        r.close();
    }

    @Test
    void aClosedBackendRefusesNativeWork() {
        CpuBackend b = new CpuBackend();
        Tensor t = b.fromFloats(new float[] {1, 2}, Shape.of(2));
        assertEquals((float) Math.tanh(1), b.unary(UnaryOp.TANH, t).toFloatArray()[0], 1e-6f);
        b.close();
        b.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.unary(UnaryOp.TANH, t));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        t.close();
    }
}
