package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static dev.sheaf.testkit.TensorAssertions.check;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.MemoryStats;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Tensor creation and read-back, {@code full}, {@code cast}, {@code copy}, {@code transfer}, the backend's
 * self-description, and the lifecycle rules of its tensors.
 */
final class MemoryCases {
    private MemoryCases() {
    }

    static Stream<DynamicNode> roundTrip(Harness h) {
        return h.allTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("roundTrip" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            List<HostTensor> xs = new ArrayList<>();
            for (Shape s : new Shape[] {Shape.scalar(), Shape.of(0), Shape.of(1), Shape.of(3, 4), Shape.of(2, 0, 3),
                Shape.of(2, 3, 4)}) {
                xs.add(rnd.of(dt, s));
            }
            if (dt != DType.BOOL) {
                xs.add(dt.isFloating() ? RandomTensors.specials(dt) : HostTensor.of(dt, Shape.of(16),
                        RandomTensors.intExtremes(dt)));
            }
            if (dt == DType.INT64) {
                xs.add(HostTensor.ints(dt, Shape.of(4), Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, -1));
            }
            for (HostTensor x : xs) {
                cases.add(h.test(x.describe() + " " + x.preview(), () -> {
                    Tensor t = x.on(h.backend);
                    String ctx = "from" + dt + " then read back, " + x.describe();
                    check(t.dtype() == dt, ctx + ": dtype is " + t.dtype());
                    check(t.shape().equals(x.shape), ctx + ": shape is " + t.shape());
                    check(t.backend() == h.backend, ctx + ": backend() is " + t.backend() + ", not the creator");
                    TensorAssertions.assertMatches(ctx, x, HostTensor.read(t), Tolerance.EXACT);
                    // Every read-back method converts as the Tensor interface documents.
                    float[] fa = t.toFloatArray();
                    double[] da = t.toDoubleArray();
                    int[] ia = t.toIntArray();
                    long[] la = t.toLongArray();
                    boolean[] ba = t.toBooleanArray();
                    for (int k = 0; k < x.size(); k++) {
                        double v = x.getDouble(k);
                        String at = ctx + " at " + x.indexOf(k) + " (value " + x.format(k) + ")";
                        float asFloat = dt == DType.INT64 ? (float) x.getLong(k) : (float) v;
                        check(Tolerance.EXACT.accepts(asFloat, fa[k]), at + ": toFloatArray gave " + fa[k]);
                        check(Tolerance.EXACT.accepts(v, da[k]) || dt == DType.INT64,
                                at + ": toDoubleArray gave " + da[k]);
                        if (dt == DType.INT64) {
                            check(da[k] == (double) x.getLong(k), at + ": toDoubleArray gave " + da[k]);
                        }
                        long asLong = dt.isFloating() ? (long) v : x.getLong(k);
                        check(la[k] == asLong, at + ": toLongArray gave " + la[k] + ", expected " + asLong);
                        int asInt = dt.isFloating() ? (int) v : (int) x.getLong(k);
                        check(ia[k] == asInt, at + ": toIntArray gave " + ia[k] + ", expected " + asInt);
                        check(ba[k] == (v != 0 || Double.isNaN(v)), at + ": toBooleanArray gave " + ba[k]);
                    }
                    if (x.size() == 1) {
                        check(Tolerance.EXACT.accepts(dt == DType.INT64 ? (double) x.getLong(0) : x.getDouble(0),
                                t.itemAsDouble()), ctx + ": itemAsDouble gave " + t.itemAsDouble());
                    }
                }));
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> full(Harness h) {
        double[] values = {0, -0.0, 1, -2.7, 2.7, 0.5, 1e30, -1e-30, 1e-40, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 3e9, -3e9, 1e20};
        return h.allTypes().stream().map(dt -> {
            List<DynamicNode> cases = new ArrayList<>();
            for (double v : values) {
                for (Shape s : new Shape[] {Shape.scalar(), Shape.of(2, 3), Shape.of(0, 4)}) {
                    cases.add(h.compare(v + " " + s, "full " + s + " " + dt + " value " + v, Tolerance.EXACT,
                            (b, xs) -> b.full(s, dt, v)));
                }
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> cast(Harness h) {
        return h.allTypes().stream().map(from -> dynamicContainer("from " + from, h.allTypes().stream().map(to -> {
            RandomTensors rnd = RandomTensors.forCase("cast" + from + to);
            List<DynamicNode> cases = new ArrayList<>();
            String name = "cast to " + to;
            Harness.Op f = (b, xs) -> b.cast(xs.get(0), to);
            for (Shape s : new Shape[] {Shape.scalar(), Shape.of(3, 4), Shape.of(0, 2)}) {
                cases.add(h.compare(s.toString(), name, Tolerance.EXACT, f, in("x", rnd.of(from, s))));
            }
            cases.add(h.compare("(2, 3, 4) strided", name, Tolerance.EXACT, f,
                    in("x", rnd.of(from, Shape.of(2, 3, 4)), Layout.STRIDED)));
            if (from.isFloating()) {
                // Truncation toward zero, NaN to 0, saturation; float64 to float32 overflow and underflow.
                double[] v = {-2.7, 2.7, -0.5, 0.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, 1e30, -1e30, 3e9, -3e9, 2147483647.0, 1e-40, 16777217, 1e20,
                    from == DType.FLOAT64 ? 1e300 : 1, from == DType.FLOAT64 ? 1e-300 : 2};
                cases.add(h.compare("edge values", name, Tolerance.EXACT, f,
                        in("x", HostTensor.of(from, Shape.of(v.length), v))));
            } else if (from == DType.INT64) {
                HostTensor x = HostTensor.ints(from, Shape.of(6), Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1,
                        (1L << 24) + 1, -1, 0);
                if (to != DType.INT32) {
                    // Out-of-range int64 to int32 is left to the backend; only rounding to floats is checked here.
                    cases.add(h.compare("edge values", name, Tolerance.EXACT, f, in("x", x)));
                }
            } else if (from == DType.INT32) {
                cases.add(h.compare("edge values", name, Tolerance.EXACT, f, in("x", HostTensor.ints(from,
                        Shape.of(5), Integer.MAX_VALUE, Integer.MIN_VALUE, (1 << 24) + 1, -1, 0))));
            }
            return dynamicContainer("to " + to, cases);
        })));
    }

    static Stream<DynamicNode> transfer(Harness h) {
        return h.allTypes().stream().map(dt -> h.test(dt + " from the reference backend and back", () -> {
            RandomTensors rnd = RandomTensors.forCase("transfer" + dt);
            HostTensor x = dt.isFloating() ? RandomTensors.specials(dt) : rnd.of(dt, Shape.of(2, 3, 4));
            Tensor onRef = x.on(h.reference);
            Tensor here = h.backend.transfer(onRef);
            check(!onRef.isClosed(), "transfer closed its argument");
            check(here.backend() == h.backend, "transfer: result lives on " + here.backend().name());
            TensorAssertions.assertMatches("transfer " + x.describe() + " into " + h.backend.name(), x,
                    HostTensor.read(here), Tolerance.EXACT);
            Tensor back = h.reference.transfer(here);
            TensorAssertions.assertMatches("transfer " + x.describe() + " back to reference", x,
                    HostTensor.read(back), Tolerance.EXACT);
            Tensor view = x.size() > 1 ? x.reshape(Shape.of(x.size())).on(h.backend, Layout.STRIDED) : here;
            TensorAssertions.assertMatches("transfer of a strided view", x.reshape(Shape.of(x.size())),
                    HostTensor.read(h.reference.transfer(view)), Tolerance.EXACT);
        }));
    }

    static Stream<DynamicNode> description(Harness h) {
        Backend b = h.backend;
        return Stream.of(
                h.test("name is not blank", () -> check(b.name() != null && !b.name().isBlank(),
                        "Backend.name() is '" + b.name() + "'")),
                h.test("spiVersion is 1.." + Backend.SPI_VERSION, () -> check(b.spiVersion() >= 1
                        && b.spiVersion() <= Backend.SPI_VERSION, "spiVersion() is " + b.spiVersion())),
                h.test("supports float32, int32, int64, bool", () -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL}) {
                        check(b.supports(t), "supports(" + t + ") is false, but every backend must support it");
                    }
                }),
                h.test("memoryStats never fails", () -> {
                    MemoryStats m = b.memoryStats();
                    check(m != null, "memoryStats() returned null; return MemoryStats.UNKNOWN instead");
                }),
                h.test("describe names dtype, shape and backend", () -> {
                    Tensor t = b.full(Shape.of(2, 3), DType.FLOAT32, 1);
                    String d = t.describe();
                    check(d.contains("float32") && d.contains("(2, 3)") && d.contains(b.name()),
                            "describe() is '" + d + "'");
                }));
    }

    static Stream<DynamicNode> lifecycle(Harness h) {
        Backend b = h.backend;
        return Stream.of(
                h.test("use after close is an IllegalStateException", () -> {
                    Tensor t = b.full(Shape.of(3), DType.FLOAT32, 1);
                    t.close();
                    check(t.isClosed(), "isClosed() is false after close()");
                    t.close(); // idempotent
                    try {
                        t.toFloatArray();
                    } catch (IllegalStateException expected) {
                        return;
                    } catch (RuntimeException e) {
                        throw new AssertionFailedError("reading a closed tensor threw " + e
                                + "; expected IllegalStateException", e);
                    }
                    throw new AssertionFailedError("reading a closed tensor returned data; expected "
                            + "IllegalStateException");
                }),
                h.test("closing a view leaves its source intact", () -> {
                    float[] data = {1, 2, 3, 4, 5, 6};
                    Tensor t = b.fromFloats(data, Shape.of(2, 3));
                    Tensor[] views = {b.reshape(t, Shape.of(3, 2)), b.transpose(t, new int[] {1, 0}),
                        b.slice(t, new int[] {0, 1}, new int[] {2, 3}, new int[] {1, 1}),
                        b.broadcastTo(t, Shape.of(2, 2, 3)), b.copy(t), b.cast(t, DType.FLOAT32)};
                    for (Tensor v : views) {
                        v.close();
                    }
                    check(!t.isClosed(), "closing a reshape/transpose/slice/broadcast/copy/cast result closed its "
                            + "source");
                    check(java.util.Arrays.equals(t.toFloatArray(), data), "closing views changed the source: "
                            + java.util.Arrays.toString(t.toFloatArray()));
                }),
                h.test("a view survives closing its source", () -> {
                    float[] data = {1, 2, 3, 4, 5, 6};
                    Tensor t = b.fromFloats(data, Shape.of(2, 3));
                    Tensor r = b.reshape(t, Shape.of(3, 2));
                    Tensor tr = b.transpose(t, new int[] {1, 0});
                    t.close();
                    check(java.util.Arrays.equals(r.toFloatArray(), data), "a reshape result changed after its "
                            + "source was closed: " + java.util.Arrays.toString(r.toFloatArray()));
                    check(java.util.Arrays.equals(tr.toFloatArray(), new float[] {1, 4, 2, 5, 3, 6}),
                            "a transpose result changed after its source was closed: "
                                    + java.util.Arrays.toString(tr.toFloatArray()));
                }),
                h.test("fromFloats copies its array", () -> {
                    float[] data = {1, 2, 3};
                    Tensor t = b.fromFloats(data, Shape.of(3));
                    data[0] = 99;
                    check(t.toFloatArray()[0] == 1, "changing the array after fromFloats changed the tensor");
                    t.toFloatArray()[1] = 42;
                    check(t.toFloatArray()[1] == 2, "changing a toFloatArray result changed the tensor");
                }));
    }
}
