package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code Identity} ({@code IdentityInitializer}): {@code gain} (default 1) times the identity matrix; for a
 * non-square shape, ones on the main diagonal. Only for 2-D weights.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Identity implements Initializer {
    private final double gain;

    /** Gain 1. */
    public Identity() {
        this(1.0);
    }

    /** @param gain the value on the diagonal */
    public Identity(double gain) {
        this.gain = gain;
    }

    /**
     * @throws IllegalArgumentException unless {@code shape} has rank 2
     */
    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("Identity: the identity initializer can only be used for 2-D matrices; "
                    + "got shape " + shape + " of rank " + shape.rank());
        }
        Tensor eye = Ops.eye(shape.size(0), shape.size(1), dtype);
        if (gain == 1.0) {
            return eye;
        }
        Tensor scaled = Ops.multiply(eye, gain);
        eye.close();
        return scaled;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gain", gain);
        return c;
    }

    @Override
    public String toString() {
        return "Identity" + getConfig();
    }
}
