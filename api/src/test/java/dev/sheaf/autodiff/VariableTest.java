package dev.sheaf.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariableTest {

    @Test
    void assignReplacesAndClosesTheOldValue() {
        try (Variable v = Variable.of("w", new float[] {1, 2}, 2)) {
            Tensor old = v.value();
            try (TensorScope scope = TensorScope.open()) {
                v.assign(Ops.constant(new float[] {5, 6}));
            }
            assertTrue(old.isClosed());
            assertFalse(v.value().isClosed(), "the new value is detached from the scope it was made in");
            assertArrayEquals(new float[] {5, 6}, v.value().toFloatArray());
            Tensor current = v.value();
            v.assign(current);
            assertSame(current, v.value());
            assertFalse(current.isClosed());
        }
    }

    @Test
    void assignChecksShapeAndDtype() {
        try (Variable v = new Variable("w", Ops.zeros(2, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.assign(Ops.zeros(3, 2)));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 2)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> v.assign(Ops.zeros(Shape.of(2, 3), DType.FLOAT64)));
            assertThrows(IllegalArgumentException.class, () -> v.assignAdd(Ops.zeros(4)));
            Tensor closed = Ops.zeros(2, 3);
            closed.close();
            assertThrows(IllegalStateException.class, () -> v.assign(closed));
        }
    }

    @Test
    void assignAddAndSubBroadcastAndAreNotRecorded() {
        try (Variable v = Variable.of("b", new float[] {1, 2, 3, 4}, 2, 2);
             GradientTape tape = new GradientTape()) {
            v.assignAdd(Ops.constant(new float[] {10, 20}));
            v.assignSub(Ops.ones(2, 2));
            assertArrayEquals(new float[] {10, 21, 12, 23}, v.value().toFloatArray());
            assertEquals(Shape.of(2, 2), v.shape());
            Tensor g = tape.gradient(Ops.sum(Ops.square(v.value())), v).get(0);
            assertArrayEquals(new float[] {20, 42, 24, 46}, g.toFloatArray());
        }
    }

    @Test
    void trainableValuesAreWatchedAutomatically() {
        try (Variable w = Variable.of("w", new float[] {3}, 1);
             Variable frozen = new Variable("f", Ops.constant(new float[] {4}), false)) {
            Tensor wv = w.value();
            try (GradientTape tape = new GradientTape()) {
                Tensor y = Ops.sum(Ops.multiply(wv, frozen.value()));
                assertArrayEquals(new float[] {4}, tape.gradient(y, w).get(0).toFloatArray());
            }
            try (GradientTape tape = new GradientTape()) {
                Tensor unrecorded = Ops.sum(Ops.square(frozen.value()));
                assertArrayEquals(new float[] {0}, tape.gradient(unrecorded, frozen).get(0).toFloatArray(),
                        "non-trainable: not watched, so its ops are not recorded");
            }
            frozen.setTrainable(true);
            try (GradientTape tape = new GradientTape()) {
                Tensor y = Ops.sum(Ops.multiply(w.value(), frozen.value()));
                assertArrayEquals(new float[] {3}, tape.gradient(y, List.of(frozen)).get(0).toFloatArray());
            }
        }
    }

    @Test
    void closedVariableIsIllegalState() {
        Variable v = Variable.of("v", new float[] {1}, 1);
        Tensor value = v.value();
        v.close();
        v.close();
        assertTrue(v.isClosed() && value.isClosed());
        assertThrows(IllegalStateException.class, v::value);
        assertThrows(IllegalStateException.class, () -> v.assign(Ops.ones(1)));
    }
}
