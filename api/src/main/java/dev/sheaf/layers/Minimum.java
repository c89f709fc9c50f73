package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Minimum}: the element-wise minimum of its inputs. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Minimum extends Merge {

    /** A new Minimum layer. */
    public Minimum() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.minimum(out, inputs.get(i));
        }
        return out;
    }

    /** A new Minimum from its config (base entries only). */
    public static Minimum fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Minimum(), config);
    }
}
