package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Optimizer#variables()} holds the whole state: copying it (and the weights) into a second optimizer lets that
 * one continue bit-identically, which is what saving and loading a training run relies on.
 */
class ResumeTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("adam amsgrad", (Supplier<Optimizer>) () -> new Adam(0.05).setAmsgrad(true)),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> new AdamW(0.05)),
                Arguments.of("rmsprop centered momentum",
                        (Supplier<Optimizer>) () -> new RMSprop(0.05).setCentered(true).setMomentum(0.9)),
                Arguments.of("adagrad", (Supplier<Optimizer>) () -> new Adagrad(0.1)),
                Arguments.of("adadelta", (Supplier<Optimizer>) () -> new Adadelta(1.0)),
                Arguments.of("nadam", (Supplier<Optimizer>) () -> new Nadam(0.05)),
                Arguments.of("adamax", (Supplier<Optimizer>) () -> new Adamax(0.05)),
                Arguments.of("lion", (Supplier<Optimizer>) () -> new Lion(0.05)),
                Arguments.of("ftrl", (Supplier<Optimizer>) () -> new Ftrl(0.1).setL1RegularizationStrength(0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void continuesBitIdenticallyFromCopiedState(String label, Supplier<Optimizer> factory) {
        Optimizer original = factory.get();
        List<Variable> a = Trace.variables();
        Trace.step(original, a, 1);
        Trace.step(original, a, 2);

        Optimizer resumed = factory.get();
        List<Variable> b = Trace.variables();
        Trace.step(resumed, b, 1); // builds the slots, whose values are then overwritten
        List<Variable> from = original.variables();
        List<Variable> to = resumed.variables();
        assertEquals(from.size(), to.size(), label + ": state size");
        for (int i = 0; i < from.size(); i++) {
            assertEquals(from.get(i).name(), to.get(i).name());
            to.get(i).assign(Ops.copy(from.get(i).value()));
        }
        for (int i = 0; i < a.size(); i++) {
            b.get(i).assign(Ops.copy(a.get(i).value()));
        }

        for (int t = 3; t <= Trace.STEPS; t++) {
            Trace.step(original, a, t);
            Trace.step(resumed, b, t);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toDoubleArray(), b.get(i).value().toDoubleArray(), 0.0,
                    label + ": weights of w" + i);
        }
        a.forEach(Variable::close);
        b.forEach(Variable::close);
    }
}
