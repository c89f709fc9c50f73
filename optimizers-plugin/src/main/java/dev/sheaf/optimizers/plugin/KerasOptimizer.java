package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.tensor.Tensor;
import java.util.List;

/**
 * What this plugin's optimizers share beyond {@link Optimizer}: remembering that the slots exist (options that decide
 * which slots there are cannot change afterwards), the 1-based step number of the Keras formulas, and argument checks.
 */
abstract class KerasOptimizer extends Optimizer {
    private boolean built;

    KerasOptimizer(String name, double learningRate) {
        super(name, learningRate);
    }

    @Override
    protected final void build(List<Variable> variables) {
        createSlots(variables);
        built = true;
    }

    /** Creates the slots with {@link #addSlot}, in Keras's order (all variables' first slot, then the next…). */
    abstract void createSlots(List<Variable> variables);

    /** @throws IllegalStateException once the slots exist */
    final void checkNotBuilt(String option) {
        if (built) {
            throw new IllegalStateException(name() + ": " + option + " cannot change after the first update, because "
                    + "it decides which slot variables exist; create a new optimizer");
        }
    }

    /** {@code t} of the formulas: 1 for the first update. */
    final long step() {
        return iterations() + 1;
    }

    /** The gradient in the variable's dtype, as Keras casts it. */
    static Tensor asDtypeOf(Tensor gradient, Variable variable) {
        return gradient.dtype() == variable.dtype() ? gradient : Ops.cast(gradient, variable.dtype());
    }

    /** @throws IllegalArgumentException unless {@code 0 <= value < 1} */
    final double decayRate(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name() + ": " + what + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException unless {@code value >= 0} and finite */
    final double nonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name() + ": " + what + " must be a finite number >= 0, got " + value);
        }
        return value;
    }
}
