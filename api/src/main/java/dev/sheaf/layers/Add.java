package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** Keras's {@code Add}: the element-wise sum of its inputs (one or more, shapes broadcast as {@link Merge}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Add extends Merge {

    /** A new Add layer. */
    public Add() {
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.add(out, inputs.get(i));
        }
        return out;
    }

    /** A new Add from its config (base entries only). */
    public static Add fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Add(), config);
    }
}
