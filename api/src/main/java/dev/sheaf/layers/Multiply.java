package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Multiply}: the element-wise product of its inputs. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Multiply extends Merge {

    /** A new Multiply layer. */
    public Multiply() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.multiply(out, inputs.get(i));
        }
        return out;
    }

    /** A new Multiply from its config (base entries only). */
    public static Multiply fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Multiply(), config);
    }
}
