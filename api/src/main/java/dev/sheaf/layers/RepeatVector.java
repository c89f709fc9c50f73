package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/** Keras's {@code RepeatVector}: repeats each sample {@code n} times, {@code (batch, features)} → {@code (batch, n, features)}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class RepeatVector extends Layer {
    private final int n;

    /**
     * @param n the number of repetitions
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public RepeatVector(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("RepeatVector: n must be a positive integer, got " + n);
        }
        this.n = n;
    }

    /** The number of repetitions. */
    public int n() {
        return n;
    }

    private void checkRank(Shape s) {
        if (s.rank() != 2) {
            throw new IllegalArgumentException("RepeatVector '" + name() + "' expects inputs of rank 2 (batch, "
                    + "features), but got shape " + s);
        }
    }

    @Override
    protected void build(Shape inputShape) {
        checkRank(inputShape);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        checkRank(inputs.shape());
        return Ops.tile(Ops.expandDims(inputs, 1), 1, n, 1);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        checkRank(inputShape);
        return Shape.symbolic(inputShape.dim(0), n, inputShape.dim(1));
    }

    /** Adds {@code n}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }

    /** A new RepeatVector from its config. */
    public static RepeatVector fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("RepeatVector", config, Set.of("n"));
        RepeatVector l = new RepeatVector(r.requiredInt("n"));
        return l.applyBaseConfig(l, config);
    }
}
