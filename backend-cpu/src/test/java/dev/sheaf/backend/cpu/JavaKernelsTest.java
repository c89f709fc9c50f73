package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java kernels on paths the testkit's small shapes do not reach: matrix products across the cache blocks and
 * over several threads, more dimensions than oneDNN's descriptors take, broadcasting over many rows, bool scatter-add,
 * and the integer edge cases of division and power. Each is compared with the reference backend (exactly where the
 * kernels promise its bits) or with values written out.
 */
class JavaKernelsTest {
    private final Backend cpu = Registry.global().backend("cpu");
    private final Backend ref = Registry.global().backend("reference");
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor random(DType dt, Shape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = s.elementCountAsInt();
        return switch (dt) {
            case FLOAT64 -> cpu.fromDoubles(r.doubles(n, -2, 2).toArray(), s);
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) r.nextDouble(-2, 2);
                }
                yield cpu.fromFloats(f, s);
            }
            case INT32 -> cpu.fromInts(r.ints(n, -1000, 1000).toArray(), s);
            case INT64 -> cpu.fromLongs(r.longs(n, -(1L << 40), 1L << 40).toArray(), s);
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = r.nextBoolean();
                }
                yield cpu.fromBooleans(b, s);
            }
        };
    }

    /** {@code op} on the cpu backend and on the reference backend over the same values. */
    private void assertSameAsReference(double tolerance, Function<Backend, Tensor> onCpu,
                                       Function<Backend, Tensor> onRef) {
        Tensor got = onCpu.apply(cpu);
        Tensor want = onRef.apply(ref);
        assertEquals(want.shape(), got.shape());
        assertEquals(want.dtype(), got.dtype());
        assertTrue(got instanceof CpuTensor, "the result lives on the cpu backend");
        if (want.dtype().isFloating()) {
            double[] w = want.toDoubleArray();
            double[] g = got.toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                if (tolerance == 0) {
                    assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]),
                            "element " + i + ": " + w[i] + " vs " + g[i]);
                } else {
                    assertEquals(w[i], g[i], tolerance * (1 + Math.abs(w[i])), "element " + i);
                }
            }
        } else {
            assertArrayEquals(want.toLongArray(), got.toLongArray());
        }
    }

    private Tensor onRef(Tensor t) {
        return ref.transfer(t);
    }

    @Test
    void matmulAcrossCacheBlocksAndThreadsAgreesBitForBit() {
        // K = 300 crosses the 256-deep panel, N = 530 the 512-wide one; M = 70 splits over threads.
        for (DType dt : new DType[] {DType.FLOAT64, DType.INT32, DType.INT64}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Tensor a = random(dt, ta ? Shape.of(300, 70) : Shape.of(70, 300), 1);
                    Tensor b = random(dt, tb ? Shape.of(530, 300) : Shape.of(300, 530), 2);
                    assertSameAsReference(0, be -> cpu.matmul(a, b, ta, tb),
                            be -> ref.matmul(onRef(a), onRef(b), ta, tb));
                }
            }
        }
    }

    @Test
    void largeGathersSplitOverThreadsAgreeBitForBit() {
        // Above JavaSelect.PARALLEL_BYTES the rows are copied by several threads: a training batch drawn from a data
        // set (axis 0, repeated and negative indices), and an inner axis of several outer blocks (rows of chunks then
        // straddle blocks).
        SplittableRandom r = new SplittableRandom(11);
        Tensor data = random(DType.FLOAT32, Shape.of(3000, 784), 12);
        int[] batch = r.ints(300, -3000, 3000).toArray();
        batch[1] = batch[0];
        Tensor idx = cpu.fromInts(batch, Shape.of(300));
        assertTrue(300L * 784 * 4 >= 2 * JavaSelect.PARALLEL_BYTES, "the batch gather should be split");
        assertSameAsReference(0, be -> cpu.gather(data, idx, 0), be -> ref.gather(onRef(data), onRef(idx), 0));
        Tensor blocks = random(DType.INT64, Shape.of(7, 500, 33), 13);
        Tensor inner = cpu.fromInts(r.ints(230, 0, 500).toArray(), Shape.of(23, 10));
        assertSameAsReference(0, be -> cpu.gather(blocks, inner, 1), be -> ref.gather(onRef(blocks), onRef(inner), 1));
    }

    @Test
    void batchedMatmulBroadcastsBatchDimensions() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.INT64}) {
            Tensor a = random(dt, Shape.of(3, 1, 5, 7), 3);
            Tensor b = random(dt, Shape.of(4, 7, 6), 4);
            assertSameAsReference(0, be -> cpu.matmul(a, b, false, false),
                    be -> ref.matmul(onRef(a), onRef(b), false, false));
        }
    }

    @Test
    void float32MatmulBeyondOneDnnDimensions() {
        // 13 dimensions: more than a oneDNN descriptor holds.
        Shape sa = Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4);
        Tensor a = random(DType.FLOAT32, sa, 5);
        Tensor b = random(DType.FLOAT32, Shape.of(4, 5), 6);
        assertSameAsReference(1e-5, be -> cpu.matmul(a, b, false, false),
                be -> ref.matmul(onRef(a), onRef(b), false, false));
    }

    @Test
    void transposeAndSliceBeyondOneDnnDimensions() {
        Shape s = Shape.of(2, 1, 3, 1, 2, 1, 1, 2, 1, 1, 1, 1, 3);
        int[] perm = {12, 0, 11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6};
        int[] begin = new int[13];
        int[] end = s.toIntArray();
        int[] step = new int[13];
        java.util.Arrays.fill(step, 1);
        begin[0] = 1;
        step[2] = 2;
        step[12] = 2;
        for (DType dt : DType.values()) {
            Tensor x = random(dt, s, 7);
            assertSameAsReference(0, be -> cpu.transpose(x, perm), be -> ref.transpose(onRef(x), perm));
            assertSameAsReference(0, be -> cpu.slice(x, begin, end, step),
                    be -> ref.slice(onRef(x), begin, end, step));
        }
    }

    @Test
    void float64AndIntegerBinaryOpsBroadcastOverManyRows() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.INT32, DType.INT64}) {
            Tensor a = random(dt, Shape.of(6, 1, 5, 33), 8);
            Tensor b = random(dt, Shape.of(7, 1, 33), 9);
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
                BinaryOp.MAX, BinaryOp.MIN, BinaryOp.LT, BinaryOp.EQ}) {
                assertSameAsReference(0, be -> cpu.binary(op, a, b), be -> ref.binary(op, onRef(a), onRef(b)));
                assertSameAsReference(0, be -> cpu.binary(op, b, a), be -> ref.binary(op, onRef(b), onRef(a)));
            }
        }
    }

    @Test
    void operandsLargerThanTheRetainedScratchArrays() {
        // Above WideScratch.RETAINED elements the arrays are allocated per call instead of reused.
        Shape big = Shape.of(WideScratch.RETAINED / 1024 + 3, 1024);
        Tensor a = random(DType.FLOAT64, big, 20);
        Tensor b = random(DType.FLOAT64, Shape.of(1024), 21);
        assertSameAsReference(0, be -> cpu.binary(BinaryOp.SUB, a, b), be -> ref.binary(BinaryOp.SUB, onRef(a),
                onRef(b)));
        assertSameAsReference(0, be -> cpu.reduce(ReduceOp.SUM, a, new int[] {0}, false),
                be -> ref.reduce(ReduceOp.SUM, onRef(a), new int[] {0}, false));
        Tensor i = random(DType.INT32, big, 22);
        assertSameAsReference(0, be -> cpu.unary(UnaryOp.NEG, i), be -> ref.unary(UnaryOp.NEG, onRef(i)));
    }

    @Test
    void reductionsOverScatteredAxesAgreeBitForBit() {
        int[][] axesSets = {{0, 2}, {1, 3}, {0, 1, 3}, {3}, {0}, {}};
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64}) {
            Tensor x = random(dt, Shape.of(5, 6, 7, 8), 10);
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : axesSets) {
                    for (boolean keep : new boolean[] {false, true}) {
                        // Float32 sums over scattered axes and products run on oneDNN, which accumulates in float32.
                        double tol = dt == DType.FLOAT32 && (op == ReduceOp.SUM || op == ReduceOp.PROD) ? 1e-5 : 0;
                        assertSameAsReference(tol, be -> cpu.reduce(op, x, axes, keep),
                                be -> ref.reduce(op, onRef(x), axes, keep));
                    }
                }
            }
            for (int axis = 0; axis < 4; axis++) {
                int a = axis;
                assertSameAsReference(0, be -> cpu.argmax(x, a, false), be -> ref.argmax(onRef(x), a, false));
                assertSameAsReference(0, be -> cpu.argmin(x, a, true), be -> ref.argmin(onRef(x), a, true));
            }
        }
    }

    @Test
    void float64UnaryOpsAgreeBitForBit() {
        Tensor x = random(DType.FLOAT64, Shape.of(4, 50), 11);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.EXP, UnaryOp.TANH,
            UnaryOp.SIGMOID, UnaryOp.ERF, UnaryOp.SIN, UnaryOp.COS, UnaryOp.FLOOR, UnaryOp.ROUND, UnaryOp.RELU,
            UnaryOp.SQUARE, UnaryOp.RECIPROCAL}) {
            assertSameAsReference(0, be -> cpu.unary(op, x), be -> ref.unary(op, onRef(x)));
        }
        Tensor f = random(DType.FLOAT32, Shape.of(4, 50), 12);
        assertSameAsReference(0, be -> cpu.unary(UnaryOp.ERF, f), be -> ref.unary(UnaryOp.ERF, onRef(f)));
    }

    @Test
    void integerDivisionTruncatesAndNeverThrows() {
        Tensor a = cpu.fromInts(new int[] {7, -7, 7, -7, 5, Integer.MIN_VALUE, 0}, Shape.of(7));
        Tensor b = cpu.fromInts(new int[] {2, 2, -2, -2, 0, -1, 0}, Shape.of(7));
        assertArrayEquals(new int[] {3, -3, -3, 3, 0, Integer.MIN_VALUE, 0},
                cpu.binary(BinaryOp.DIV, a, b).toIntArray());
        Tensor la = cpu.fromLongs(new long[] {Long.MIN_VALUE, 9, -9}, Shape.of(3));
        Tensor lb = cpu.fromLongs(new long[] {-1, 0, 4}, Shape.of(3));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, -2}, cpu.binary(BinaryOp.DIV, la, lb).toLongArray());
    }

    @Test
    void integerPowerIsExactAndWraps() {
        Tensor a = cpu.fromInts(new int[] {2, -3, 2, 1, -1, -1, 5, 0, 3}, Shape.of(9));
        Tensor b = cpu.fromInts(new int[] {10, 3, 31, -5, -3, -4, -1, 0, 40}, Shape.of(9));
        int wrapped = 1;
        for (int i = 0; i < 40; i++) {
            wrapped *= 3;
        }
        assertArrayEquals(new int[] {1024, -27, Integer.MIN_VALUE, 1, -1, 1, 0, 1, wrapped},
                cpu.binary(BinaryOp.POW, a, b).toIntArray());
        Tensor x = cpu.fromDoubles(new double[] {1, -1, 0, -8, Double.NaN}, Shape.of(5));
        Tensor y = cpu.fromDoubles(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, 1.0 / 3, 0}, Shape.of(5));
        double[] p = cpu.binary(BinaryOp.POW, x, y).toDoubleArray();
        assertArrayEquals(new double[] {1, 1, 1, Double.NaN, 1}, p);
    }

    @Test
    void boolScatterAddIsALogicalOr() {
        Tensor idx = cpu.fromInts(new int[] {2, 0, 2, -1}, Shape.of(4));
        Tensor upd = cpu.fromBooleans(new boolean[] {
            true, false, false, // -> row 2
            false, false, true, // -> row 0
            true, true, false,  // -> row 2 again
            false, true, false, // -> row 3 (index -1)
        }, Shape.of(4, 3));
        Tensor r = cpu.scatterAdd(Shape.of(4, 3), idx, upd, 0);
        assertEquals(DType.BOOL, r.dtype());
        assertArrayEquals(new boolean[] {false, false, true, false, false, false, true, true, false, false, true,
            false}, r.toBooleanArray());
        assertSameAsReference(0, be -> cpu.scatterAdd(Shape.of(4, 3), idx, upd, 0),
                be -> ref.scatterAdd(Shape.of(4, 3), onRef(idx), onRef(upd), 0));
    }

    @Test
    void float64ConvolutionAndPoolingOnALargerBatch() {
        ConvSpec spec = new ConvSpec(new int[] {2, 1}, new int[][] {{1, 1}, {0, 2}}, new int[] {1, 2}, 2);
        Tensor x = random(DType.FLOAT64, Shape.of(3, 9, 8, 6), 13);
        Tensor k = random(DType.FLOAT64, Shape.of(3, 3, 3, 4), 14);
        Tensor y = cpu.conv(x, k, spec);
        assertSameAsReference(1e-12, be -> cpu.conv(x, k, spec), be -> ref.conv(onRef(x), onRef(k), spec));
        Tensor g = random(DType.FLOAT64, y.shape(), 15);
        assertSameAsReference(1e-12, be -> cpu.convBackwardData(g, k, x.shape(), spec),
                be -> ref.convBackwardData(onRef(g), onRef(k), x.shape(), spec));
        assertSameAsReference(1e-12, be -> cpu.convBackwardFilter(x, g, k.shape(), spec),
                be -> ref.convBackwardFilter(onRef(x), onRef(g), k.shape(), spec));
        PoolSpec ps = new PoolSpec(new int[] {3, 2}, new int[] {2, 2}, new int[][] {{1, 1}, {0, 1}});
        for (PoolMode mode : PoolMode.values()) {
            Tensor p = cpu.pool(mode, x, ps);
            Tensor gp = random(DType.FLOAT64, p.shape(), 16);
            assertSameAsReference(0, be -> cpu.pool(mode, x, ps), be -> ref.pool(mode, onRef(x), ps));
            assertSameAsReference(0, be -> cpu.poolBackward(mode, x, gp, ps),
                    be -> ref.poolBackward(mode, onRef(x), onRef(gp), ps));
        }
    }
}
