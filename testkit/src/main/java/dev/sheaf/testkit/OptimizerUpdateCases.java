package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * The fused optimizer updates {@code sgdMomentumUpdate} and {@code adamUpdate}, each result against the reference
 * backend, and their donating variants: results must be right after the donated inputs are closed, and a donated
 * input whose memory another live tensor shares must not be overwritten.
 */
final class OptimizerUpdateCases {
    /** Sizes from a scalar-like slot to a 784 x 128 Dense kernel (a backend may split that one over threads). */
    private static final List<Shape> SHAPES = List.of(Shape.of(1), Shape.of(7), Shape.of(3, 5), Shape.of(33, 17),
            Shape.of(784, 128));
    private static final double LR = 1e-3;

    /** One update: the backend, the inputs (variable, gradient, slots…, learning rate), whether donated. */
    private interface Update {
        Tensor[] apply(Backend b, List<Tensor> in, boolean donated);
    }

    private record Kind(String name, int slots, int outputs, Update update) {
    }

    private OptimizerUpdateCases() {
    }

    private static List<Kind> kinds(long step) {
        List<Kind> r = new ArrayList<>();
        for (boolean nesterov : new boolean[] {false, true}) {
            r.add(new Kind("sgdMomentumUpdate nesterov=" + nesterov, 1, 2, (b, x, d) -> d
                    ? b.sgdMomentumUpdateDonated(x.get(0), x.get(1), x.get(2), x.get(3), 0.9, nesterov)
                    : b.sgdMomentumUpdate(x.get(0), x.get(1), x.get(2), x.get(3), 0.9, nesterov)));
        }
        r.add(new Kind("adamUpdate step=" + step, 2, 3, (b, x, d) -> d
                ? b.adamUpdateDonated(x.get(0), x.get(1), x.get(2), x.get(3), null, x.get(4), 0.9, 0.999, 1e-7, step)
                : b.adamUpdate(x.get(0), x.get(1), x.get(2), x.get(3), null, x.get(4), 0.9, 0.999, 1e-7, step)));
        r.add(new Kind("adamUpdate amsgrad step=" + step, 3, 4, (b, x, d) -> d
                ? b.adamUpdateDonated(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), 0.9, 0.999, 1e-3,
                        step)
                : b.adamUpdate(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), 0.9, 0.999, 1e-3, step)));
        return r;
    }

    static Stream<DynamicNode> all(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            List<DynamicNode> nodes = new ArrayList<>();
            for (long step : new long[] {1, 5000}) {
                for (Kind k : kinds(step)) {
                    for (Shape s : SHAPES) {
                        Harness.In[] ins = inputs(dt, s, k, k.name() + s);
                        for (int out = 0; out < k.outputs(); out++) {
                            int o = out;
                            nodes.add(h.compare(k.name() + " " + s + " result " + o, k.name(),
                                    h.elementwise(dt), (b, x) -> pick(k.update().apply(b, x, false), o), ins));
                        }
                        nodes.add(h.test(k.name() + " " + s + " donated", () -> donated(h, k, ins, false)));
                    }
                    Harness.In[] small = inputs(dt, Shape.of(4, 6), k, k.name() + "shared");
                    nodes.add(h.test(k.name() + " donated, memory shared with a live reshape",
                            () -> donated(h, k, small, true)));
                }
            }
            return dynamicContainer(dt.toString(), nodes);
        });
    }

    /** variable, gradient, then the slots (momentum any sign; velocities non-negative), then the learning rate. */
    private static Harness.In[] inputs(DType dt, Shape s, Kind k, String seed) {
        RandomTensors rnd = RandomTensors.forCase(seed + dt);
        Harness.In[] r = new Harness.In[k.slots() + 3];
        r[0] = in("variable", rnd.uniform(dt, s, -1, 1));
        r[1] = in("gradient", rnd.uniform(dt, s, -2, 2));
        r[2] = in("m", rnd.uniform(dt, s, -0.5, 0.5));
        for (int i = 1; i < k.slots(); i++) {
            r[2 + i] = in(i == 1 ? "v" : "vHat", rnd.uniform(dt, s, 0, 0.5));
        }
        r[r.length - 1] = in("learningRate", HostTensor.of(dt, Shape.scalar(), LR));
        return r;
    }

    /** Result {@code index}; the others are closed. */
    private static Tensor pick(Tensor[] results, int index) {
        for (int i = 0; i < results.length; i++) {
            if (i != index) {
                results[i].close();
            }
        }
        return results[index];
    }

    /**
     * The donating variant as an optimizer uses it: the donated inputs are closed right after the call, then the
     * results are read. With {@code shareVariable}, a reshape of the variable stays open and must keep its values.
     */
    private static void donated(Harness h, Kind k, Harness.In[] ins, boolean shareVariable) {
        String ctx = Harness.context(k.name() + " (donated)", ins);
        List<Tensor> refIn = new ArrayList<>();
        List<Tensor> testIn = new ArrayList<>();
        for (Harness.In in : ins) {
            refIn.add(in.value().on(h.reference));
            testIn.add(in.value().on(h.backend));
        }
        Tensor[] want = k.update().apply(h.reference, refIn, false);
        Tensor view = shareVariable ? h.backend.reshape(testIn.get(0), Shape.of(ins[0].value().shape.elementCount()))
                : null;
        Tensor[] got;
        try {
            got = k.update().apply(h.backend, testIn, true);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": backend '" + h.backend.name() + "' threw " + e, e);
        }
        if (got == null || got.length != want.length) {
            throw new AssertionFailedError(ctx + ": expected " + want.length + " results, got "
                    + (got == null ? "null" : got.length));
        }
        // The donated operands: variable and the slots; the gradient and learning rate are only read.
        for (int i = 0; i < testIn.size(); i++) {
            if (i != 1 && i != testIn.size() - 1) {
                testIn.get(i).close();
            }
        }
        for (int r = 0; r < want.length; r++) {
            TensorAssertions.assertMatches(ctx + " result " + r + " after the donated inputs were closed",
                    HostTensor.read(want[r]), HostTensor.read(got[r]), h.elementwise(ins[0].value().dtype));
        }
        if (view != null) {
            HostTensor original = ins[0].value();
            TensorAssertions.assertMatches(ctx + ": a reshape of the donated variable, still open, changed (memory"
                            + " another tensor shares must not be overwritten)",
                    HostTensor.of(original.dtype, Shape.of(original.shape.elementCount()), original.doubles()),
                    HostTensor.read(view), Tolerance.EXACT);
        }
    }
}
