package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsValidationTest {

    private static Tensor f(long... shape) {
        return Ops.zeros(shape);
    }

    @Test
    void broadcastMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.add(f(2, 3), f(4, 3)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 3)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("add"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.where(Ops.greater(f(2), 0.0), f(3), f(2)));
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
    }

    @Test
    void matmulMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.matmul(f(2, 3), f(4, 5)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(f(3), f(4)));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(4,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(f(2, 3), f(2, 3), false, false));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(f(2, 2, 3), f(3, 3, 4)));
        assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(3,)"), e.getMessage());
    }

    @Test
    void closedOperandIsIllegalState() {
        Tensor a = f(2);
        Tensor b = f(2);
        b.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.add(a, b));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Ops.exp(b));
        assertThrows(IllegalStateException.class, () -> Ops.sum(b));
        assertThrows(IllegalStateException.class, () -> Ops.reshape(b, 2, 1));
        assertThrows(IllegalStateException.class, () -> Ops.concatenate(List.of(a, b)));
        assertThrows(IllegalStateException.class, () -> Ops.matmul(b, b));
        assertThrows(IllegalArgumentException.class, () -> Ops.add(a, null));
    }

    @Test
    void mixedBackendsAreRefusedNamingThem() {
        Backend other = (Backend) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("name")) {
                        return "other";
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        Tensor foreign = (Tensor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Tensor.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "backend" -> other;
                    case "shape" -> Shape.of(2);
                    case "dtype" -> DType.FLOAT32;
                    case "isClosed" -> false;
                    case "describe" -> "foreign tensor";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(f(2), foreign));
        assertTrue(e.getMessage().contains("other") && e.getMessage().contains(Sheaf.backend().name()),
                e.getMessage());
    }

    @Test
    void reshapeChecksElementCountAndInfers() {
        Tensor x = f(2, 3);
        assertEquals(Shape.of(3, 2), Ops.reshape(x, -1, 2).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, 4, 2));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, -1, -1));
        assertThrows(IllegalArgumentException.class, () -> Ops.reshape(x, -1, 4));
    }

    @Test
    void axesAreNormalisedAndChecked() {
        Tensor x = Ops.ones(2, 3);
        assertArrayEquals(new float[] {3, 3}, Ops.sum(x, -1).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.sum(x, 2));
        assertTrue(e.getMessage().contains("axis 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.sum(x, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Ops.transpose(x, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.squeeze(x, 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.softmax(x, 5));
    }

    @Test
    void maxOverEmptyAxisIsRefused() {
        Tensor empty = Ops.zeros(2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.max(empty, 1));
        assertTrue(e.getMessage().contains("(2, 0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.min(empty));
        assertThrows(IllegalArgumentException.class, () -> Ops.argmax(empty, 1));
        assertEquals(Shape.of(2), Ops.sum(empty, 1).shape());
    }

    @Test
    void sliceIsClamped() {
        Tensor x = Ops.arange(10);
        assertArrayEquals(new int[] {8, 9}, Ops.slice(x, new int[] {8}, new int[] {5}).toIntArray());
        assertArrayEquals(new int[] {7, 8, 9}, Ops.slice(x, new int[] {-3}, new int[] {-1}).toIntArray());
        assertEquals(0, Ops.slice(x, new int[] {12}, new int[] {3}).size());
        assertArrayEquals(new int[] {1, 4, 7}, Ops.stridedSlice(x, new int[] {1}, new int[] {100},
                new int[] {3}).toIntArray());
        assertThrows(IllegalArgumentException.class,
                () -> Ops.stridedSlice(x, new int[] {0}, new int[] {5}, new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Ops.slice(x, new int[] {0, 0}, new int[] {1, 1}));
    }

    @Test
    void dtypeRulesAreChecked() {
        Tensor b = Ops.constant(new boolean[] {true, false});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(b, b));
        assertTrue(e.getMessage().contains("bool"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.negative(b));
        assertThrows(IllegalArgumentException.class, () -> Ops.gather(f(3), Ops.constant(new float[] {0}), 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.uniform(Shape.of(2), DType.INT32, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Ops.oneHot(f(3), 4));
        assertThrows(IllegalArgumentException.class, () -> Ops.constant(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Ops.clip(f(2), 1, 0));
    }

    @Test
    void convAndPoolCheckRanksAndChannels() {
        dev.sheaf.spi.ConvSpec spec = dev.sheaf.spi.ConvSpec.simple(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.conv(f(1, 5, 3), f(2, 2, 4), spec));
        assertTrue(e.getMessage().contains("(1, 5, 3)") && e.getMessage().contains("(2, 2, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.conv(f(5, 3), f(2, 3, 4), spec));
        assertThrows(IllegalArgumentException.class, () -> Ops.maxPool(f(5, 3), dev.sheaf.spi.PoolSpec.of(1, 2)));
    }
}
