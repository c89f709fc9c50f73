package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Flatten}: {@code (batch, d1, ..., dn)} → {@code (batch, d1 × ... × dn)}; a rank-1 input
 * {@code (batch,)} becomes {@code (batch, 1)}. With {@code data_format "channels_first"} the channel axis is moved
 * last first, so the element order matches a channels-last model.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Flatten extends Layer {
    private String dataFormat = "channels_last";

    /** A channels-last Flatten. */
    public Flatten() {
    }

    /**
     * {@code "channels_last"} (default) or {@code "channels_first"}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public Flatten setDataFormat(String dataFormat) {
        if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
            throw new IllegalArgumentException("Flatten: data_format must be \"channels_last\" or "
                    + "\"channels_first\", got " + dataFormat);
        }
        this.dataFormat = dataFormat;
        return this;
    }

    private void checkRank(Shape s) {
        if (s.rank() < 1) {
            throw new IllegalArgumentException("Flatten '" + name() + "' needs an input with a batch dimension, but got "
                    + "shape " + s);
        }
    }

    @Override
    protected void build(Shape inputShape) {
        checkRank(inputShape);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        checkRank(inputs.shape());
        Tensor x = inputs;
        int rank = x.rank();
        if ("channels_first".equals(dataFormat) && rank > 2) {
            int[] perm = new int[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            x = Ops.transpose(x, perm);
        }
        long features = 1;
        for (int i = 1; i < rank; i++) {
            features *= x.shape().dim(i);
        }
        return Ops.reshape(x, x.shape().dim(0), features);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        checkRank(inputShape);
        long features = 1;
        for (int i = 1; i < inputShape.rank(); i++) {
            long d = inputShape.dim(i);
            if (d == Shape.UNKNOWN) {
                features = Shape.UNKNOWN;
                break;
            }
            features *= d;
        }
        return Shape.symbolic(inputShape.dim(0), features);
    }

    /** Adds {@code data_format}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", dataFormat);
        return c;
    }

    /** A new Flatten from its config. */
    public static Flatten fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Flatten", config, Set.of("data_format"));
        Flatten f = new Flatten().setDataFormat(r.string("data_format", "channels_last"));
        return f.applyBaseConfig(f, config);
    }
}
