package dev.sheaf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * Tests of the kit itself: a backend with one deliberate bug must fail the checks that are meant to catch it, both
 * when it is compared with the correct reference (differential) and when it is its own oracle (golden and property
 * checks, the situation of the reference backend testing itself).
 */
class KitSelfTest {
    private static final Backend REFERENCE = Registry.global().backend("reference");

    /** The kit on {@code backend}, with {@code oracle} as reference. */
    private static BackendConformanceTest kit(Backend backend, Backend oracle) {
        return new BackendConformanceTest() {
            @Override
            protected Backend backend() {
                return backend;
            }

            @Override
            protected Backend referenceBackend() {
                return oracle;
            }
        };
    }

    /** Runs the dynamic tests of one factory and returns the display paths of those that failed. */
    private static List<String> failures(Stream<DynamicNode> nodes) {
        List<String> failed = new ArrayList<>();
        nodes.forEach(n -> run(n, "", failed));
        return failed;
    }

    private static void run(DynamicNode n, String path, List<String> failed) {
        String p = path + "/" + n.getDisplayName();
        if (n instanceof DynamicContainer c) {
            c.getChildren().forEach(child -> run(child, p, failed));
        } else {
            try {
                ((DynamicTest) n).getExecutable().execute();
            } catch (Throwable t) {
                failed.add(p);
            }
        }
    }

    private static void assertCaught(List<String> failed, String... fragments) {
        assertTrue(!failed.isEmpty(), "the kit did not notice the bug");
        for (String f : fragments) {
            assertTrue(failed.stream().anyMatch(s -> s.contains(f)), "no failing check mentions '" + f + "': "
                    + failed);
        }
    }

    @Test
    void theReferenceAgainstItselfPassesTheDifferentialChecksOfAFamily() {
        assertEquals(List.of(), failures(kit(REFERENCE, REFERENCE).movement()));
    }

    @Test
    void aWrongTransposeIsCaughtByTheDifferentialChecks() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor transpose(Tensor x, int[] permutation) {
                // Applies the inverse permutation: right for swaps, wrong for 3-cycles.
                int[] inv = new int[permutation.length];
                for (int i = 0; i < inv.length; i++) {
                    inv[permutation[i]] = i;
                }
                return d.transpose(x, inv);
            }
        };
        assertCaught(failures(kit(mutant, REFERENCE).movement()), "[1, 2, 0]", "[2, 0, 1]");
    }

    @Test
    void aMaxThatDropsNaNIsCaughtByTheDifferentialChecks() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
                if (op != BinaryOp.MAX || !a.dtype().isFloating()) {
                    return d.binary(op, a, b);
                }
                // Java's ternary max, which returns b whenever a comparison with NaN is false.
                try (Tensor gt = d.binary(BinaryOp.GT, a, b)) {
                    return d.where(gt, a, b);
                }
            }
        };
        assertCaught(failures(kit(mutant, REFERENCE).binary()), "all pairs of edge values");
    }

    @Test
    void aCopyThatReturnsItsInputIsCaught() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor copy(Tensor x) {
                return x;
            }
        };
        assertCaught(failures(kit(mutant, REFERENCE).memory()), "copy");
    }

    @Test
    void aNaiveLog1pIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor unary(UnaryOp op, Tensor x) {
                if (op != UnaryOp.LOG1P) {
                    return d.unary(op, x);
                }
                try (Tensor one = d.full(Shape.scalar(), x.dtype(), 1); Tensor s = d.binary(BinaryOp.ADD, x, one)) {
                    return d.unary(UnaryOp.LOG, s);
                }
            }
        };
        assertCaught(failures(kit(mutant, mutant).golden()), "LOG1P");
    }

    @Test
    void anEmptyProductOfZeroIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
                Tensor r = d.reduce(op, x, axes, keepDims);
                if (op != ReduceOp.PROD || x.size() != 0) {
                    return r;
                }
                try (r) {
                    return d.full(r.shape(), r.dtype(), 0);
                }
            }
        };
        assertCaught(failures(kit(mutant, mutant).golden()), "PROD");
    }

    @Test
    void aCrossEntropyGradientThatAssumesLabelsSumToOneIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, Tensor upstream, int axis) {
                try (Tensor sm = d.softmax(logits, axis);
                     Tensor diff = d.binary(BinaryOp.SUB, sm, labels);
                     Tensor g = d.reshape(upstream, logits.shape().with(axis, 1))) {
                    return d.binary(BinaryOp.MUL, g, diff);
                }
            }
        };
        assertCaught(failures(kit(mutant, mutant).golden()), "softmaxCrossEntropyBackward");
        assertCaught(failures(kit(mutant, REFERENCE).neuralNetwork()), "labels not summing to 1");
    }

    @Test
    void aConvolutionGradientThatForgetsStridesIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor convBackwardData(Tensor g, Tensor kernel, Shape inputShape, ConvSpec spec) {
                int n = spec.spatialRank();
                int[] ones = new int[n];
                java.util.Arrays.fill(ones, 1);
                if (java.util.Arrays.equals(spec.strides(), ones)) {
                    return d.convBackwardData(g, kernel, inputShape, spec);
                }
                // Scatters the strided output gradient as if the stride were 1 (and crops).
                ConvSpec unit = new ConvSpec(ones, spec.padding(), spec.dilation(), spec.groups());
                Shape full = inputShape;
                long[] gd = g.shape().dims();
                long[] want = new long[gd.length];
                for (int i = 0; i < gd.length; i++) {
                    want[i] = i >= 1 && i <= n ? unit.outputSize(i - 1, full.dim(i), kernel.shape().dim(i - 1)) : gd[i];
                }
                int[][] pad = new int[gd.length][2];
                for (int i = 0; i < gd.length; i++) {
                    pad[i][1] = (int) (want[i] - gd[i]);
                }
                try (Tensor padded = d.pad(g, pad, 0)) {
                    return d.convBackwardData(padded, kernel, inputShape, unit);
                }
            }
        };
        List<String> failed = new ArrayList<>(failures(kit(mutant, mutant).properties()));
        failed.addAll(failures(kit(mutant, mutant).golden()));
        assertCaught(failed, "stride", "convBackwardData");
    }

    @Test
    void maxPoolGradientTiesGoingToTheLastAreCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor poolBackward(PoolMode mode, Tensor x, Tensor g, PoolSpec spec) {
                if (mode != PoolMode.MAX || spec.spatialRank() != 1 || x.rank() != 3) {
                    return d.poolBackward(mode, x, g, spec);
                }
                // Mirror the input, so the first maximum becomes the last, and mirror back.
                Function<Tensor, Tensor> flip = t -> {
                    int len = t.shape().size(1);
                    long[] idx = new long[len];
                    for (int i = 0; i < len; i++) {
                        idx[i] = len - 1 - i;
                    }
                    return d.gather(t, d.fromLongs(idx, Shape.of(len)), 1);
                };
                int[][] pads = spec.padding();
                PoolSpec mirrored = new PoolSpec(spec.window(), spec.strides(),
                        new int[][] {{pads[0][1], pads[0][0]}});
                return flip.apply(d.poolBackward(mode, flip.apply(x), flip.apply(g), mirrored));
            }
        };
        assertCaught(failures(kit(mutant, mutant).golden()), "ties go to the first");
    }

    @Test
    void aBatchNormVarianceComputedAsMeanOfSquaresMinusSquaredMeanIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
                // E[x^2] - E[x]^2: right in exact arithmetic, no digits left for data far from zero.
                int[] axes = new int[x.rank() - 1];
                for (int i = 0, k = 0; i < x.rank(); i++) {
                    if (i != axis) {
                        axes[k++] = i;
                    }
                }
                Shape c = Shape.of(x.shape().dim(axis));
                try (Tensor m = d.mean(x, axes, false);
                     Tensor sq = d.unary(UnaryOp.SQUARE, x);
                     Tensor msq = d.mean(sq, axes, false);
                     Tensor m2 = d.unary(UnaryOp.SQUARE, m);
                     Tensor v = d.binary(BinaryOp.SUB, msq, m2)) {
                    Tensor y = d.batchNormInference(x, gamma, beta, m, v, axis, epsilon);
                    return new Tensor[] {y, d.reshape(m, c), d.reshape(v, c)};
                }
            }
        };
        assertCaught(failures(kit(mutant, mutant).normalization()), "values around");
        assertCaught(failures(kit(mutant, REFERENCE).normalization()), "values around 10000.0");
    }

    @Test
    void aLayerNormGradientThatTreatsGammaAsConstantAlongTheRowIsCaughtEvenWhenItIsItsOwnOracle() {
        Backend mutant = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor[] layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                              Tensor variance, double epsilon) {
                // dx = gamma * (dx without gamma): the batch-norm shortcut, wrong when gamma varies along the row.
                Tensor[] r = d.layerNormBackward(dy, x, gamma, beta, mean, variance, epsilon);
                if (gamma == null) {
                    return r;
                }
                Tensor[] plain = d.layerNormBackward(dy, x, null, null, mean, variance, epsilon);
                try (Tensor dx = r[0]; Tensor p = plain[0]) {
                    r[0] = d.binary(BinaryOp.MUL, p, gamma);
                }
                return r;
            }
        };
        assertCaught(failures(kit(mutant, mutant).normalization()), "layerNormBackward [2, 4], epsilon 2 → dx");
    }

    /** The gradient checks on {@code f}, with a rule written here instead of one from Ops. */
    private static List<String> gradientFailures(String name, GradientChecks.F f, int... shape) {
        GradientChecks.Builder b = new GradientChecks.Builder(REFERENCE, GradientChecks.Precision.of(REFERENCE));
        b.group("self-test");
        b.fd(name, f, b.any(shape));
        return failures(b.groups.stream());
    }

    @Test
    void aCorrectRuleRecordedByHandPasses() {
        GradientChecks.F f = xs -> {
            Tensor x = xs.get(0);
            Tensor y;
            try (GradientTape.Pause pause = GradientTape.stopRecording()) {
                y = Ops.exp(x);
            }
            return GradientTape.record(y, (g, i) -> Ops.multiply(g, Ops.exp(x)), x);
        };
        assertEquals(List.of(), gradientFailures("exp with its rule", f, 2, 3));
    }

    @Test
    void aWrongDerivativeIsCaughtByTheGradientChecks() {
        GradientChecks.F f = xs -> {
            Tensor x = xs.get(0);
            Tensor y;
            try (GradientTape.Pause pause = GradientTape.stopRecording()) {
                y = Ops.exp(x);
            }
            return GradientTape.record(y, (g, i) -> Ops.multiply(g, x), x);
        };
        assertCaught(gradientFailures("exp with the derivative of x^2/2", f, 2, 3), "exp");
    }

    @Test
    void aRuleThatReshapesInsteadOfTransposingIsCaughtThanksToTheRandomWeights() {
        GradientChecks.F f = xs -> {
            Tensor x = xs.get(0);
            Tensor y;
            try (GradientTape.Pause pause = GradientTape.stopRecording()) {
                y = Ops.transpose(x, 1, 0);
            }
            return GradientTape.record(y, (g, i) -> Ops.reshape(g, x.shape()), x);
        };
        assertCaught(gradientFailures("transpose with a reshape rule", f, 2, 3), "transpose");
    }

    @Test
    void aCorrectBackendWithoutFloat64PassesTheFloat32GradientAndPropertyChecks() {
        // Tensors it creates belong to the reference, so Ops runs there too: this exercises the float32 settings.
        Backend float32Only = new DelegatingBackend(REFERENCE) {
            @Override
            public boolean supports(dev.sheaf.tensor.DType dtype) {
                return dtype != dev.sheaf.tensor.DType.FLOAT64;
            }
        };
        BackendConformanceTest kit = kit(float32Only, REFERENCE);
        assertEquals(List.of(), failures(kit.gradients()));
        assertEquals(List.of(), failures(kit.properties()));
        assertEquals(List.of(), failures(kit.reductions()));
    }

    @Test
    void aGruWithItsBiasRowsSwappedIsCaughtByTheRecurrentGoldenAndDifferentialChecks() {
        Backend swapped = new DelegatingBackend(REFERENCE) {
            @Override
            public Tensor[] rnnForward(dev.sheaf.spi.RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel,
                                       Tensor recurrentKernel, Tensor bias, boolean training) {
                if (cell != dev.sheaf.spi.RnnCell.GRU || bias == null) {
                    return super.rnnForward(cell, x, h0, c0, kernel, recurrentKernel, bias, training);
                }
                int w = (int) bias.shape().dim(1);
                Tensor row0 = slice(bias, new int[] {0, 0}, new int[] {1, w}, new int[] {1, 1});
                Tensor row1 = slice(bias, new int[] {1, 0}, new int[] {2, w}, new int[] {1, 1});
                return super.rnnForward(cell, x, h0, c0, kernel, recurrentKernel, concat(List.of(row1, row0), 0),
                        training);
            }
        };
        // As its own oracle only the hand-worked cases can see it; against the reference the differential ones too.
        assertCaught(failures(kit(swapped, swapped).recurrent()), "GRU, one step: the recurrent bias");
        assertCaught(failures(kit(swapped, REFERENCE).recurrent()), "rnnForward/float32/GRU/");
        assertEquals(List.of(), failures(kit(REFERENCE, REFERENCE).recurrent()));
    }
}
