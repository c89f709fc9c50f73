package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Permute}: reorders the non-batch dimensions. {@code dims} is a permutation of {@code 1..n},
 * 1-based as in Keras (0 is the batch, which stays first): {@code new Permute(2, 1)} turns {@code (batch, 10, 64)}
 * into {@code (batch, 64, 10)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Permute extends Layer {
    private final int[] dims;

    /**
     * @param dims a permutation of {@code 1..dims.length}
     * @throws IllegalArgumentException otherwise
     */
    public Permute(int... dims) {
        if (dims == null) {
            throw new IllegalArgumentException("Permute: dims is null; give a permutation of 1..rank (1-based)");
        }
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new IllegalArgumentException("Permute: dims " + Arrays.toString(dims) + " must be a permutation "
                        + "of 1.." + dims.length + " (1-based; the batch dimension 0 cannot move)");
            }
        }
        if (dims.length == 0) {
            throw new IllegalArgumentException("Permute: dims must not be empty");
        }
        this.dims = dims.clone();
    }

    /** The 1-based permutation. */
    public int[] dims() {
        return dims.clone();
    }

    private void checkRank(Shape s) {
        if (s.rank() != dims.length + 1) {
            throw new IllegalArgumentException("Permute '" + name() + "' with dims " + Arrays.toString(dims)
                    + " expects inputs of rank " + (dims.length + 1) + " (batch and " + dims.length
                    + " dimensions), but got shape " + s);
        }
    }

    @Override
    protected void build(Shape inputShape) {
        checkRank(inputShape);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        checkRank(inputs.shape());
        int[] perm = new int[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
        return Ops.transpose(inputs, perm);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        checkRank(inputShape);
        long[] out = new long[dims.length + 1];
        out[0] = inputShape.dim(0);
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = inputShape.dim(dims[i]);
        }
        return Shape.symbolic(out);
    }

    /** Adds {@code dims} (1-based). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Object> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        c.put("dims", l);
        return c;
    }

    /**
     * A new Permute from its config.
     *
     * @throws IllegalArgumentException on missing or invalid dims
     */
    public static Permute fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Permute", config, Set.of("dims"));
        if (!r.has("dims")) {
            throw new IllegalArgumentException("Permute.fromConfig: the config needs 'dims'");
        }
        long[] d = r.longs("dims", 0);
        int[] dims = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            dims[i] = (int) d[i];
        }
        Permute p = new Permute(dims);
        return p.applyBaseConfig(p, config);
    }
}
