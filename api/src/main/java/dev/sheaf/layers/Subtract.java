package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Subtract}: {@code inputs[0] - inputs[1]}; exactly two inputs. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Subtract extends Merge {

    /** A new Subtract layer. */
    public Subtract() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.subtract(inputs.get(0), inputs.get(1));
    }

    /** Exactly two. */
    @Override
    protected int requiredInputs() {
        return 2;
    }

    /** A new Subtract from its config (base entries only). */
    public static Subtract fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Subtract(), config);
    }
}
