package dev.sheaf.testkit;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.DType;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of a Sheaf backend. A plugin runs all of it with one class in its tests:
 *
 * <pre>{@code
 * class CpuConformanceTest extends BackendConformanceTest {
 *     @Override
 *     protected Backend backend() {
 *         return Registry.global().backend("cpu");
 *     }
 * }
 * }</pre>
 *
 * <p>Every op of {@link Backend} — the abstract ones and the {@code default} ones, which a backend may override — is
 * run in three ways:
 * <ul>
 *   <li><b>differential</b>: the same seeded host values go to the backend under test and to the reference backend
 *   (the oracle), and the results must agree: same dtype, same shape, values within the tolerance. Inputs cover
 *   several shapes, the broadcasting patterns, size-1 and size-0 dimensions, edge values (±0, 1e±30, denormals, NaN,
 *   ±inf), every dtype the op accepts, and non-contiguous inputs (results of transpose and strided slice);</li>
 *   <li><b>golden</b>: small cases whose results are written in the kit, worked out by hand, so that a bug in the
 *   reference backend itself is caught (the reference runs this suite against itself);</li>
 *   <li><b>properties</b>: identities that need no oracle (the convolution gradients are the adjoints of the
 *   convolution, softmax rows sum to one, the random ops have the right statistics).</li>
 * </ul>
 * Every check also verifies that the op left its inputs open and unchanged after its result was closed.
 *
 * <p>Finally, {@link #gradients()} runs finite-difference checks of the gradient rules of {@code dev.sheaf.ops.Ops}
 * under {@code GradientTape} with the backend under test active.
 *
 * <h2>Tolerances</h2>
 * Integer, bool and data-movement results must be exact. Float math is compared as
 * {@code |actual - expected| <= absolute + relative * |expected|}, with NaN required exactly where NaN is expected
 * and infinities required to match. {@link #elementwiseTolerance} covers ops computed element by element;
 * {@link #accumulationTolerance} covers ops that sum many terms (matmul, convolution, reductions, softmax), whose
 * order of summation legitimately differs between backends: its absolute part scales with the magnitude of the terms.
 * A backend with a documented reason (reduced-precision accumulation such as TF32) may override either method; the
 * defaults assume full IEEE precision.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {

    private Harness harness;

    /** The backend under test. Called once per test class instance. */
    protected abstract Backend backend();

    /** The oracle: the reference backend from the global registry. */
    protected Backend referenceBackend() {
        return Registry.global().backend("reference");
    }

    /**
     * Tolerance of float results of element-wise math. float32: relative 1e-5, absolute 1e-6 (a few units in the last
     * place of the usual libm functions, and room for flushed denormals); float64: relative 1e-11, absolute 1e-13.
     */
    protected Tolerance elementwiseTolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? new Tolerance(1e-11, 1e-13) : new Tolerance(1e-5, 1e-6);
    }

    /**
     * Tolerance of float results that accumulate many terms. {@code magnitude} bounds the sum of the terms' absolute
     * values (for matmul: K times the largest |a| times the largest |b|). float32: relative 1e-4, absolute 1e-5 *
     * magnitude; float64: relative 1e-10, absolute 1e-12 * magnitude.
     */
    protected Tolerance accumulationTolerance(DType dtype, double magnitude) {
        return dtype == DType.FLOAT64 ? new Tolerance(1e-10, 1e-12 * magnitude)
                : new Tolerance(1e-4, 1e-5 * magnitude);
    }

    /** The checker, built once per instance. */
    final Harness harness() {
        if (harness == null) {
            Backend b = backend();
            if (b == null) {
                throw new IllegalStateException(getClass().getName() + ".backend() returned null");
            }
            harness = new Harness(b, referenceBackend(), this);
        }
        return harness;
    }

    @TestFactory
    @DisplayName("memory: creation and read-back, full, cast, copy, transfer, lifecycle")
    Stream<DynamicNode> memory() {
        Harness h = harness();
        return Stream.of(
                dynamicContainer("backend description", MemoryCases.description(h)),
                dynamicContainer("from* and read-back", MemoryCases.roundTrip(h)),
                dynamicContainer("full", MemoryCases.full(h)),
                dynamicContainer("cast", MemoryCases.cast(h)),
                dynamicContainer("copy", MovementCases.copy(h)),
                dynamicContainer("reshape", MovementCases.reshape(h)),
                dynamicContainer("transfer", MemoryCases.transfer(h)),
                dynamicContainer("tensor lifecycle", MemoryCases.lifecycle(h)));
    }

    @TestFactory
    @DisplayName("random: randomUniform, randomNormal, truncatedNormal, bernoulli")
    Stream<DynamicNode> random() {
        return RandomCases.all(harness());
    }

    @TestFactory
    @DisplayName("unary")
    Stream<DynamicNode> unary() {
        return ElementwiseCases.unary(harness());
    }

    @TestFactory
    @DisplayName("binary")
    Stream<DynamicNode> binary() {
        return ElementwiseCases.binary(harness());
    }

    @TestFactory
    @DisplayName("select: where, clip, reluBackward")
    Stream<DynamicNode> select() {
        Harness h = harness();
        return Stream.of(dynamicContainer("where", ElementwiseCases.where(h)),
                dynamicContainer("clip", ElementwiseCases.clip(h)),
                dynamicContainer("reluBackward", ElementwiseCases.reluBackward(h)));
    }

    @TestFactory
    @DisplayName("reductions: reduce, argmax, argmin, mean, logSumExp")
    Stream<DynamicNode> reductions() {
        Harness h = harness();
        return Stream.of(dynamicContainer("reduce", ReductionCases.reduce(h)),
                dynamicContainer("argmax, argmin", ReductionCases.arg(h)),
                dynamicContainer("mean, logSumExp", ReductionCases.meanAndLogSumExp(h)));
    }

    @TestFactory
    @DisplayName("linear algebra: matmul, dense")
    Stream<DynamicNode> linearAlgebra() {
        Harness h = harness();
        return Stream.of(dynamicContainer("matmul", LinalgCases.matmul(h)),
                dynamicContainer("dense", LinalgCases.dense(h)));
    }

    @TestFactory
    @DisplayName("movement: transpose, slice, concat, pad, gather, scatterAdd, broadcastTo, tile, oneHot")
    Stream<DynamicNode> movement() {
        Harness h = harness();
        return Stream.of(dynamicContainer("transpose", MovementCases.transpose(h)),
                dynamicContainer("slice", MovementCases.slice(h)),
                dynamicContainer("concat", MovementCases.concat(h)),
                dynamicContainer("pad", MovementCases.pad(h)),
                dynamicContainer("gather", MovementCases.gather(h)),
                dynamicContainer("scatterAdd", MovementCases.scatterAdd(h)),
                dynamicContainer("broadcastTo", MovementCases.broadcastTo(h)),
                dynamicContainer("tile", MovementCases.tile(h)),
                dynamicContainer("oneHot", MovementCases.oneHot(h)));
    }

    @TestFactory
    @DisplayName("neural network: conv, pool, softmax, softmaxCrossEntropy, softmaxCrossEntropyBackward")
    Stream<DynamicNode> neuralNetwork() {
        Harness h = harness();
        return Stream.of(dynamicContainer("conv", NnCases.conv(h)),
                dynamicContainer("pool", NnCases.pool(h)),
                dynamicContainer("softmax, logSoftmax", NnCases.softmax(h)),
                dynamicContainer("softmaxCrossEntropy", NnCases.softmaxCrossEntropy(h)),
                dynamicContainer("softmaxCrossEntropyBackward", NnCases.softmaxCrossEntropyBackward(h)));
    }

    @TestFactory
    @DisplayName("normalization: batchNormTraining, batchNormInference, batchNormBackward, layerNorm, "
            + "layerNormBackward")
    Stream<DynamicNode> normalization() {
        return NormalizationCases.all(harness());
    }

    @TestFactory
    @DisplayName("optimizer updates: sgdMomentumUpdate, adamUpdate and their donating variants")
    Stream<DynamicNode> optimizerUpdates() {
        return OptimizerUpdateCases.all(harness());
    }

    @TestFactory
    @DisplayName("recurrent: rnnForward, rnnBackward (simple tanh/relu, LSTM, GRU)")
    Stream<DynamicNode> recurrent() {
        Harness h = harness();
        return Stream.of(dynamicContainer("rnnForward", RecurrentCases.forward(h)),
                dynamicContainer("rnnBackward", RecurrentCases.backward(h)),
                dynamicContainer("golden", RecurrentCases.golden(h)));
    }

    @TestFactory
    @DisplayName("golden: hand-computed results")
    Stream<DynamicNode> golden() {
        return GoldenCases.all(harness());
    }

    @TestFactory
    @DisplayName("gradients: finite-difference checks of the Ops gradient rules")
    Stream<DynamicNode> gradients() {
        return GradientChecks.all(harness());
    }

    @TestFactory
    @DisplayName("properties: identities that need no oracle")
    Stream<DynamicNode> properties() {
        return PropertyCases.all(harness());
    }
}
