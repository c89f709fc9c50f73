package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Maximum}: the element-wise maximum of its inputs. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Maximum extends Merge {

    /** A new Maximum layer. */
    public Maximum() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.maximum(out, inputs.get(i));
        }
        return out;
    }

    /** A new Maximum from its config (base entries only). */
    public static Maximum fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Maximum(), config);
    }
}
