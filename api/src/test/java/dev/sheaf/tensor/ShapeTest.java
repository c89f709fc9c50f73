package dev.sheaf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void broadcastFollowsNumpy() {
        assertEquals(Shape.of(4, 2, 3), Shape.broadcast(Shape.of(4, 1, 3), Shape.of(2, 1), "add"));
        assertEquals(Shape.of(2, 0), Shape.broadcast(Shape.of(2, 1), Shape.of(0), "add"));
        assertEquals(Shape.of(5), Shape.broadcast(Shape.scalar(), Shape.of(5), "add"));
    }

    @Test
    void broadcastMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4, 3), "add"));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 3)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("add"), e.getMessage());
    }

    @Test
    void negativeDimensionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    }

    @Test
    void axesNormalizeAndComplainClearly() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(2, s.normalizeAxis(-1, "sum"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(3, "sum"));
        assertTrue(e.getMessage().contains("[-3, 3)"), e.getMessage());
    }

    @Test
    void stridesCountsAndText() {
        Shape s = Shape.of(2, 3, 4);
        assertArrayEquals(new long[] {12, 4, 1}, s.strides());
        assertEquals(24, s.elementCount());
        assertEquals(1, Shape.scalar().elementCount());
        assertEquals("(2, 3, 4)", s.toString());
        assertEquals("(5,)", Shape.of(5).toString());
        assertEquals("()", Shape.scalar().toString());
        assertEquals(Shape.of(2, 1, 3, 4), s.insert(1, 1));
        assertEquals(Shape.of(2, 4), s.remove(1));
        assertTrue(Shape.of(3, 1).isBroadcastableTo(Shape.of(2, 3, 5)));
        assertFalse(Shape.of(3, 2).isBroadcastableTo(Shape.of(3, 5)));
    }
}
