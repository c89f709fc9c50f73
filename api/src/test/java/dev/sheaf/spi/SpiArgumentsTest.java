package dev.sheaf.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to the SPI's value types and to the default methods a backend inherits (the reference backend does not
 * override {@code tile} or {@code oneHot}), given directly rather than through {@code Ops}: clear errors, never an
 * NPE or an index error.
 */
class SpiArgumentsTest {
    private final Backend reference = Registry.global().backend("reference");

    private static void rejects(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message should mention '" + w + "': " + e.getMessage());
        }
    }

    @Test
    void specsWithMissingArraysSayWhichIsMissing() {
        rejects(() -> new ConvSpec(null, new int[1][2], new int[] {1}, 1), "strides", "null");
        rejects(() -> new ConvSpec(new int[] {1}, null, new int[] {1}, 1), "padding", "null");
        rejects(() -> new ConvSpec(new int[] {1}, new int[1][2], null, 1), "dilation", "null");
        rejects(() -> new PoolSpec(null, new int[] {1}, new int[1][2]), "window", "null");
        rejects(() -> new PoolSpec(new int[] {2}, null, new int[1][2]), "strides", "null");
        rejects(() -> new PoolSpec(new int[] {2}, new int[] {2}, null), "padding", "null");
    }

    @Test
    void defaultTileNeedsOneNonNegativeMultiplePerAxis() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = reference.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            rejects(() -> reference.tile(x, new int[] {2}), "one multiple per axis", "[2]");
            rejects(() -> reference.tile(x, null), "one multiple per axis", "null");
            rejects(() -> reference.tile(x, new int[] {1, -1}), ">= 0");
            Tensor t = reference.tile(x, new int[] {1, 2});
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, t.toFloatArray());
        }
    }

    @Test
    void defaultOneHotRejectsANegativeDepth() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor i = reference.fromInts(new int[] {0, 2}, Shape.of(2));
            rejects(() -> reference.oneHot(i, -1, DType.FLOAT32), "depth", "-1");
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, reference.oneHot(i, 3, DType.FLOAT32).toFloatArray());
        }
    }
}
