package dev.sheaf.testkit;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the kit's checks: a differential check computes one op on the backend under test and on the reference backend
 * from the same host values and compares; a golden check compares the backend with values written in the kit. Both
 * then verify that the op neither changed nor closed its inputs (tensors are immutable, and a result that secretly
 * shares memory must not take its inputs with it when closed). Every check runs in its own {@link TensorScope}, so
 * nothing leaks from one to the next.
 */
final class Harness {
    /** An op applied to input tensors living on backend {@code b}. */
    interface Op extends BiFunction<Backend, List<Tensor>, Tensor> {
    }

    /** A named input with the layout it reaches the backend under test through. */
    record In(String name, HostTensor value, Layout layout) {
        String describe() {
            return name + "=" + value.describe() + (layout == Layout.CONTIGUOUS ? "" : " " + layout.label());
        }
    }

    final Backend backend;
    final Backend reference;
    private final BackendConformanceTest suite;

    Harness(Backend backend, Backend reference, BackendConformanceTest suite) {
        this.backend = backend;
        this.reference = reference;
        this.suite = suite;
    }

    // ------------------------------------------------------------------ dtypes and tolerances

    /** float32, and float64 where the backend supports it. */
    List<DType> floatTypes() {
        List<DType> r = new ArrayList<>(List.of(DType.FLOAT32));
        if (backend.supports(DType.FLOAT64)) {
            r.add(DType.FLOAT64);
        }
        return r;
    }

    List<DType> intTypes() {
        return List.of(DType.INT32, DType.INT64);
    }

    List<DType> numericTypes() {
        List<DType> r = floatTypes();
        r.addAll(intTypes());
        return r;
    }

    List<DType> allTypes() {
        List<DType> r = numericTypes();
        r.add(DType.BOOL);
        return r;
    }

    Tolerance elementwise(DType dtype) {
        return dtype.isFloating() ? suite.elementwiseTolerance(dtype) : Tolerance.EXACT;
    }

    Tolerance accumulation(DType dtype, double magnitude) {
        return dtype.isFloating() ? suite.accumulationTolerance(dtype, magnitude) : Tolerance.EXACT;
    }

    static In in(String name, HostTensor value) {
        return new In(name, value, Layout.CONTIGUOUS);
    }

    static In in(String name, HostTensor value, Layout layout) {
        return new In(name, value, layout);
    }

    // ------------------------------------------------------------------ checks

    /** Compares {@code op} on the backend under test with the reference backend. */
    DynamicTest compare(String displayName, String opName, Tolerance tol, Op op, In... inputs) {
        return dynamicTest(displayName, () -> runCompare(opName, tol, op, inputs));
    }

    void runCompare(String opName, Tolerance tol, Op op, In... inputs) {
        String ctx = context(opName, inputs);
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> refIn = new ArrayList<>();
            for (In in : inputs) {
                refIn.add(in.value().on(reference));
            }
            Tensor expected;
            try {
                expected = op.apply(reference, refIn);
            } catch (RuntimeException e) {
                throw new AssertionFailedError(ctx + ": the reference backend failed, so there is nothing to compare"
                        + " with (a reference bug or a kit bug): " + e, e);
            }
            HostTensor want = HostTensor.read(expected);
            List<Tensor> testIn = create(ctx, inputs);
            Tensor result = apply(ctx, op, testIn);
            HostTensor got = HostTensor.read(result);
            TensorAssertions.assertMatches(ctx + " on backend '" + backend.name() + "' vs reference", want, got,
                    tol);
            result.close();
            checkInputsIntact(ctx, inputs, testIn);
        }
    }

    /** Compares {@code op} on the backend under test with values written by hand. */
    DynamicTest golden(String displayName, String opName, HostTensor expected, Tolerance tol, Op op,
                       HostTensor... inputs) {
        In[] ins = new In[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            ins[k] = in("x" + k, inputs[k]);
        }
        return dynamicTest(displayName, () -> {
            String ctx = context(opName, ins) + " (golden, inputs " + previews(inputs) + ")";
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> testIn = create(ctx, ins);
                Tensor result = apply(ctx, op, testIn);
                HostTensor got = HostTensor.read(result);
                TensorAssertions.assertMatches(ctx + " on backend '" + backend.name() + "'", expected, got, tol);
                result.close();
                checkInputsIntact(ctx, ins, testIn);
            }
        });
    }

    /** A free-form check, run inside its own scope. */
    DynamicTest test(String displayName, Executable body) {
        return dynamicTest(displayName, () -> {
            try (TensorScope scope = TensorScope.open()) {
                body.execute();
            }
        });
    }

    private List<Tensor> create(String ctx, In[] inputs) {
        List<Tensor> r = new ArrayList<>();
        for (In in : inputs) {
            try {
                r.add(in.value().on(backend, in.layout()));
            } catch (RuntimeException e) {
                throw new AssertionFailedError(ctx + ": creating input " + in.describe() + " on backend '"
                        + backend.name() + "' failed: " + e, e);
            }
        }
        return r;
    }

    Tensor apply(String ctx, Op op, List<Tensor> ins) {
        try {
            Tensor t = op.apply(backend, ins);
            if (t == null) {
                throw new AssertionFailedError(ctx + ": backend '" + backend.name() + "' returned null");
            }
            return t;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": backend '" + backend.name() + "' threw " + e, e);
        }
    }

    /** Fails unless every input is still open and holds its original values (checked after closing the result). */
    private void checkInputsIntact(String ctx, In[] inputs, List<Tensor> testIn) {
        for (int k = 0; k < inputs.length; k++) {
            Tensor t = testIn.get(k);
            if (t.isClosed()) {
                throw new AssertionFailedError(ctx + ": input " + inputs[k].describe()
                        + " was closed by the op (an op must return a new tensor and leave its inputs open)");
            }
            TensorAssertions.assertMatches(ctx + ": input " + inputs[k].name() + " changed by the op (tensors are"
                    + " immutable)", inputs[k].value(), HostTensor.read(t), Tolerance.EXACT);
        }
    }

    static String context(String opName, In... inputs) {
        StringBuilder sb = new StringBuilder(opName).append('(');
        for (int k = 0; k < inputs.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(inputs[k].describe());
        }
        return sb.append(')').toString();
    }

    private static String previews(HostTensor... xs) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < xs.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(xs[k].preview());
        }
        return sb.toString();
    }
}
