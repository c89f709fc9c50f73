package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Average}: the element-wise mean of its inputs, {@code (x1 + ... + xn) / n}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Average extends Merge {

    /** A new Average layer. */
    public Average() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.add(out, inputs.get(i));
        }
        return Ops.divide(out, (double) inputs.size());
    }

    /** A new Average from its config (base entries only). */
    public static Average fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Average(), config);
    }
}
