package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertBools;
import static dev.sheaf.backend.reference.Fixtures.assertDoubles;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.assertInts;
import static dev.sheaf.backend.reference.Fixtures.assertLongs;
import static dev.sheaf.backend.reference.Fixtures.bool;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.i32;
import static dev.sheaf.backend.reference.Fixtures.i64;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class MemoryAndCastTest {

    @Test
    void creationCopiesTheHostArray() {
        float[] src = {1, 2, 3};
        Tensor t = B.fromFloats(src, s(3));
        src[0] = 99;
        assertFloats(t, s(3), 1, 2, 3);
        float[] back = t.toFloatArray();
        back[1] = 42;
        assertFloats(t, s(3), 1, 2, 3);
    }

    @Test
    void creationRejectsAWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> B.fromInts(new int[5], s(2, 3)));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void scalarAndEmptyTensors() {
        assertEquals(7.5f, f32(Shape.scalar(), 7.5f).item());
        Tensor empty = B.full(s(0, 4), DType.FLOAT32, 3);
        assertFloats(empty, s(0, 4));
    }

    @Test
    void fullConvertsLikeCast() {
        assertInts(B.full(s(2), DType.INT32, 2.7), s(2), 2, 2);
        assertInts(B.full(s(1), DType.INT32, -2.7), s(1), -2);
        assertLongs(B.full(s(1), DType.INT64, 1e10), s(1), 10_000_000_000L);
        assertBools(B.full(s(1), DType.BOOL, Double.NaN), s(1), true);
        assertBools(B.full(s(1), DType.BOOL, 0), s(1), false);
        assertDoubles(B.full(s(2), DType.FLOAT64, 0.1), s(2), 0, 0.1, 0.1);
        assertFloats(B.full(s(1), DType.FLOAT32, 0.1), s(1), 0.1f);
    }

    @Test
    void castFloatToIntegerTruncatesSaturatesAndZeroesNaN() {
        Tensor x = f32(s(7), 1.9f, -1.9f, Float.NaN, 3e9f, -3e9f, Float.POSITIVE_INFINITY, -0.5f);
        assertInts(B.cast(x, DType.INT32), s(7), 1, -1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE, 0);
        assertLongs(B.cast(x, DType.INT64), s(7), 1, -1, 0, 3_000_000_000L, -3_000_000_000L, Long.MAX_VALUE, 0);
    }

    @Test
    void castToBoolIsNonZeroWithNaNTrue() {
        assertBools(B.cast(f32(s(4), 0f, -0f, Float.NaN, 2f), DType.BOOL), s(4), false, false, true, true);
        assertBools(B.cast(i64(s(3), 0, -1, 5), DType.BOOL), s(3), false, true, true);
    }

    @Test
    void castBetweenOtherTypes() {
        assertFloats(B.cast(bool(s(2), true, false), DType.FLOAT32), s(2), 1f, 0f);
        assertInts(B.cast(bool(s(2), true, false), DType.INT32), s(2), 1, 0);
        // int64 -> int32 narrows as Java does: the low 32 bits.
        assertInts(B.cast(i64(s(2), 4_294_967_297L, -1), DType.INT32), s(2), 1, -1);
        // 2^24 + 1 is not a float: it rounds (once) to even.
        assertFloats(B.cast(i64(s(1), 16_777_217L), DType.FLOAT32), s(1), 16_777_216f);
        assertDoubles(B.cast(f32(s(1), 0.1f), DType.FLOAT64), s(1), 0, (double) 0.1f);
        assertFloats(B.cast(Fixtures.f64(s(2), 1e300, 0.1), DType.FLOAT32), s(2), Float.POSITIVE_INFINITY, 0.1f);
        assertLongs(B.cast(i32(s(2), -3, Integer.MAX_VALUE), DType.INT64), s(2), -3, Integer.MAX_VALUE);
    }

    @Test
    void castToTheSameTypeAndCopyAreIndependentTensors() {
        Tensor x = f32(s(2), 1, 2);
        Tensor c = B.cast(x, DType.FLOAT32);
        Tensor d = B.copy(x);
        assertNotSame(x, c);
        x.close();
        assertFloats(c, s(2), 1, 2);
        assertFloats(d, s(2), 1, 2);
    }

    @Test
    void hostReadBackConverts() {
        Tensor x = f32(s(3), 1.7f, -2.5f, 0f);
        assertArrayEquals(new int[] {1, -2, 0}, x.toIntArray());
        assertArrayEquals(new long[] {1, -2, 0}, x.toLongArray());
        assertArrayEquals(new boolean[] {true, true, false}, x.toBooleanArray());
        assertArrayEquals(new double[] {1.7f, -2.5, 0}, x.toDoubleArray());
        assertArrayEquals(new float[] {3, 0}, i64(s(2), 3, 0).toFloatArray());
        assertEquals(5L, i64(Shape.scalar(), 5).itemAsLong());
    }

    @Test
    void reshapeKeepsOrderAndSurvivesClosingTheOriginal() {
        Tensor x = i32(s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor r = B.reshape(x, s(3, 2));
        x.close();
        assertInts(r, s(3, 2), 1, 2, 3, 4, 5, 6);
        assertThrows(IllegalArgumentException.class, () -> B.reshape(r, s(4, 2)));
    }

    @Test
    void useAfterCloseIsAnIllegalStateNamingTheTensor() {
        Tensor x = f32(s(2), 1, 2);
        Tensor y = f32(s(2), 1, 2);
        x.close();
        assertTrue(x.isClosed());
        assertFalse(y.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, x::toFloatArray);
        assertTrue(e.getMessage().contains("Tensor#"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> B.unary(UnaryOp.NEG, x));
        assertThrows(IllegalStateException.class, () -> B.binary(dev.sheaf.spi.BinaryOp.ADD, y, x));
        assertThrows(IllegalStateException.class, () -> B.reshape(x, s(2, 1)));
        x.close();
    }

    @Test
    void transferAdoptsTensorsOfAnotherReferenceInstance() {
        ReferenceBackend other = new ReferenceBackend();
        Tensor x = other.fromInts(new int[] {4, 5}, s(2));
        Tensor t = B.transfer(x);
        assertSame(B, t.backend());
        assertFalse(x.isClosed());
        x.close();
        assertInts(t, s(2), 4, 5);
    }

    @Test
    void foreignTensorsAreRefusedAndTransferredThroughHostMemory() {
        Backend fake = (Backend) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> method.getName().equals("name") ? "fake" : null);
        Tensor foreign = new AbstractTensor(s(2), DType.FLOAT64, fake, null) {
            @Override
            public float[] toFloatArray() {
                return new float[] {1, 2};
            }

            @Override
            public double[] toDoubleArray() {
                return new double[] {1.5, 2.5};
            }

            @Override
            public int[] toIntArray() {
                return new int[] {1, 2};
            }

            @Override
            public long[] toLongArray() {
                return new long[] {1, 2};
            }

            @Override
            public boolean[] toBooleanArray() {
                return new boolean[] {true, true};
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> B.unary(UnaryOp.NEG, foreign));
        assertTrue(e.getMessage().contains("fake") && e.getMessage().contains("transfer"), e.getMessage());
        assertDoubles(B.transfer(foreign), s(2), 0, 1.5, 2.5);
    }

    @Test
    void randomDefaultsProduceTheRequestedDtypeAndRange() {
        Tensor u = B.randomUniform(s(1000), DType.FLOAT32, -1, 1, 42);
        for (float v : u.toFloatArray()) {
            assertTrue(v >= -1 && v < 1, "uniform value " + v);
        }
        assertArrayEquals(u.toFloatArray(), B.randomUniform(s(1000), DType.FLOAT32, -1, 1, 42).toFloatArray());
        assertEquals(DType.BOOL, B.bernoulli(s(3), 0.5, 1).dtype());
    }
}
