package dev.sheaf.backend.cpu;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs an op on the reference backend over host copies of the operands and brings the result back into native
 * memory. It serves the cases oneDNN has no primitive for and that are not worth a kernel here yet (float64 math,
 * integer arithmetic, bool scatter-add): correct by construction, since the reference backend is the oracle, at the
 * price of two copies. The reference backend is looked up through the registry, never by class, because its package
 * is not exported to OSGi bundles.
 */
final class ReferenceDelegate {
    private final Backend cpu;
    private volatile Backend reference;

    ReferenceDelegate(Backend cpu) {
        this.cpu = cpu;
    }

    private Backend reference() {
        Backend r = reference;
        if (r == null) {
            r = Registry.global().backend("reference");
            reference = r;
        }
        return r;
    }

    /** {@code op} applied on the reference backend to copies of {@code inputs} (null entries stay null). */
    Tensor apply(BiFunction<Backend, List<Tensor>, Tensor> op, Tensor... inputs) {
        Backend ref = reference();
        List<Tensor> copies = new ArrayList<>(inputs.length);
        try {
            for (Tensor t : inputs) {
                copies.add(t == null ? null : ref.transfer(t));
            }
            try (Tensor r = op.apply(ref, copies)) {
                return cpu.transfer(r);
            }
        } finally {
            for (Tensor t : copies) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
