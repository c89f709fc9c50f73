package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The bulk copies between native memory and Java arrays refuse any overrun, on either side, before copying. */
class NativeMemoryTest {
    @Test
    void copiesWithinBoundsRoundTripAndOverrunsAreRefused() {
        NativeMemory m = NativeMemory.allocate(4 * Float.BYTES);
        NativeMemory view = m.view(Float.BYTES, 2 * Float.BYTES);
        try {
            m.put(0, new float[] {1, 2, 3, 4}, 0, 4);
            float[] two = new float[2];
            view.get(0, two, 0, 2);
            assertArrayEquals(new float[] {2, 3}, two, "a view reads from its offset");
            assertThrows(IndexOutOfBoundsException.class, () -> m.put(1, new float[4], 0, 4), "past the end");
            assertThrows(IndexOutOfBoundsException.class, () -> view.get(1, new float[2], 0, 2), "past a view's end");
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, new float[3], 0, 4), "past the array");
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, new float[4], 2, 3), "array offset");
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(-1, new float[1], 0, 1), "negative index");
            assertThrows(IndexOutOfBoundsException.class, () -> m.put(0, new double[3], 0, 3), "doubles past the end");
            assertThrows(IndexOutOfBoundsException.class, () -> m.put(0, new byte[17], 0, 17), "bytes past the end");
            float[] all = new float[4];
            m.get(0, all, 0, 4);
            assertArrayEquals(new float[] {1, 2, 3, 4}, all, "refused copies wrote nothing");
            assertThrows(IllegalArgumentException.class, () -> m.view(8, 12), "a view past the end");
        } finally {
            view.release();
            m.release();
        }
    }
}
