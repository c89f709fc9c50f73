package dev.sheaf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.spi.Backend;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TensorScopeTest {
    private final Backend backend = Sheaf.backend();

    private Tensor ones() {
        return backend.full(Shape.of(2, 3), DType.FLOAT32, 1);
    }

    @Test
    void closingAScopeClosesWhatWasCreatedInIt() {
        Tensor a;
        Tensor b;
        try (TensorScope scope = TensorScope.open()) {
            a = ones();
            b = backend.unary(dev.sheaf.spi.UnaryOp.EXP, a);
            assertEquals(2, scope.trackedCount());
        }
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertFalse(TensorScope.isActive());
    }

    @Test
    void keptTensorsSurviveAndMoveToTheEnclosingScope() {
        Tensor kept;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                Tensor tmp = ones();
                kept = inner.keep(backend.binary(dev.sheaf.spi.BinaryOp.ADD, tmp, tmp));
            }
            assertFalse(kept.isClosed());
            assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, kept.toFloatArray());
            assertEquals(1, outer.trackedCount());
        }
        assertTrue(kept.isClosed(), "the outer scope closes what the inner one kept");
    }

    @Test
    void keepFromTheOutermostScopeHandsOwnershipToTheCaller() {
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(ones());
        }
        assertFalse(kept.isClosed());
        kept.close();
        assertTrue(kept.isClosed());
    }

    @Test
    void keepOfAForeignTensorIsAClearError() {
        Tensor outside = ones();
        try (TensorScope scope = TensorScope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scope.keep(outside));
            assertTrue(e.getMessage().contains("does not belong to this scope"), e.getMessage());
        }
        assertFalse(outside.isClosed());
        outside.close();
    }

    @Test
    void detachedTensorsOutliveEveryScope() {
        Tensor t;
        try (TensorScope scope = TensorScope.open()) {
            t = TensorScope.detach(ones());
        }
        assertFalse(t.isClosed());
        t.close();
    }

    @Test
    void useAfterCloseIsAnIllegalStateExceptionNamingTheTensor() {
        Tensor t;
        try (TensorScope scope = TensorScope.open()) {
            t = ones();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains(t.describe()), e.getMessage());
        assertTrue(e.getMessage().contains("after it was closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.unary(dev.sheaf.spi.UnaryOp.EXP, t).toFloatArray());
        t.close(); // idempotent
    }

    @Test
    void outOfOrderAndCrossThreadClosingAreRefused() throws Exception {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        assertThrows(IllegalStateException.class, outer::close);
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                inner.close();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertTrue(other.get() instanceof IllegalStateException);
        inner.close();
        outer.close();
        assertFalse(TensorScope.isActive());
    }

    @Test
    void liveCountReturnsToItsStartAfterAScope() {
        long before = AbstractTensor.liveCount();
        try (TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < 100; i++) {
                backend.binary(dev.sheaf.spi.BinaryOp.MUL, ones(), ones());
            }
            assertTrue(AbstractTensor.liveCount() >= before + 300);
        }
        assertEquals(before, AbstractTensor.liveCount());
    }
}
