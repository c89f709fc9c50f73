package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code VarianceScaling}: samples with a variance of {@code scale / n}, where {@code n} is the fan-in
 * ({@code mode "fan_in"}, the default), the fan-out ({@code "fan_out"}) or their mean ({@code "fan_avg"}), each at
 * least 1. Distributions: {@code "truncated_normal"} (default; the standard deviation {@code sqrt(scale / n)} is
 * divided by 0.87962566103423978, the stddev of a unit normal truncated at ±2, so that the truncated samples keep the
 * intended variance), {@code "untruncated_normal"}, and {@code "uniform"} in {@code ±sqrt(3 scale / n)}.
 * {@code "normal"} is accepted as Keras's alias of {@code "truncated_normal"}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class VarianceScaling extends RandomInitializer {
    /** The stddev of a unit normal truncated to [-2, 2], as Keras hard-codes it. */
    static final double TRUNCATION_STDDEV = 0.87962566103423978;

    private final double scale;
    private final String mode;
    private final String distribution;

    /** Keras's defaults: scale 1, fan_in, truncated normal, no seed. */
    public VarianceScaling() {
        this(1.0, "fan_in", "truncated_normal", null);
    }

    /**
     * @param scale        positive scaling factor
     * @param mode         {@code fan_in}, {@code fan_out} or {@code fan_avg}
     * @param distribution {@code truncated_normal} (or {@code normal}), {@code untruncated_normal} or {@code uniform}
     * @param seed         explicit seed, or {@code null}
     * @throws IllegalArgumentException on a non-positive scale or an unknown mode or distribution
     */
    public VarianceScaling(double scale, String mode, String distribution, Long seed) {
        super(seed);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be a positive number, got " + scale);
        }
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("fan_in") && !m.equals("fan_out") && !m.equals("fan_avg")) {
            throw new IllegalArgumentException("VarianceScaling: mode must be one of fan_in, fan_out, fan_avg; got '"
                    + mode + "'");
        }
        String dist = distribution == null ? "" : distribution.toLowerCase(Locale.ROOT);
        if (dist.equals("normal")) {
            dist = "truncated_normal";
        }
        if (!dist.equals("truncated_normal") && !dist.equals("untruncated_normal") && !dist.equals("uniform")) {
            throw new IllegalArgumentException("VarianceScaling: distribution must be one of truncated_normal, "
                    + "untruncated_normal, uniform (or normal); got '" + distribution + "'");
        }
        this.scale = scale;
        this.mode = m;
        this.distribution = dist;
    }

    /** The scaling factor. */
    public double scale() {
        return scale;
    }

    /** {@code fan_in}, {@code fan_out} or {@code fan_avg}. */
    public String mode() {
        return mode;
    }

    /** {@code truncated_normal}, {@code untruncated_normal} or {@code uniform}. */
    public String distribution() {
        return distribution;
    }

    /** The variance {@code scale / max(1, n)} this initializer aims at for {@code shape}. */
    public double variance(Shape shape) {
        Fans f = Fans.of(shape);
        double n = switch (mode) {
            case "fan_in" -> f.in();
            case "fan_out" -> f.out();
            default -> (f.in() + f.out()) / 2.0;
        };
        return scale / Math.max(1.0, n);
    }

    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        double v = variance(shape);
        long seed = seedForCall();
        return switch (distribution) {
            case "truncated_normal" -> Ops.truncatedNormal(shape, dtype, 0.0, Math.sqrt(v) / TRUNCATION_STDDEV, seed);
            case "untruncated_normal" -> Ops.normal(shape, dtype, 0.0, Math.sqrt(v), seed);
            default -> {
                double limit = Math.sqrt(3.0 * v);
                yield Ops.uniform(shape, dtype, -limit, limit, seed);
            }
        };
    }

    /** {@code {"scale", "mode", "distribution", "seed"}}; the named subclasses report only the seed, as Keras. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("mode", mode);
        c.put("distribution", distribution);
        c.putAll(super.getConfig());
        return c;
    }
}
