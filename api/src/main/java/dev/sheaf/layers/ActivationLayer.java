package dev.sheaf.layers;

import dev.sheaf.activations.Activation;
import dev.sheaf.activations.Activations;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Activation} layer: applies an activation to its input, {@code new ActivationLayer("relu")}. Its
 * Keras class name (in configs, {@link #className()}) and default layer name are {@code Activation} /
 * {@code activation}; the Java class is called {@code ActivationLayer} so that it does not clash with the
 * {@link Activation} function type, which code using both would otherwise have to spell out in full.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ActivationLayer extends Layer {
    private final Activation activation;

    /**
     * The activation of this Keras name ({@code "relu"}, {@code "softmax"}, …).
     *
     * @throws IllegalArgumentException listing the known names for an unknown one
     */
    public ActivationLayer(String activation) {
        this(Activations.get(Objects.requireNonNull(activation, "activation")));
    }

    /** This activation function (a custom one makes the layer impossible to write to a config). */
    public ActivationLayer(Activation activation) {
        super(uniqueName("activation"));
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The function applied. */
    public Activation activation() {
        return activation;
    }

    /** Keras's class name, {@code "Activation"}. */
    @Override
    public String className() {
        return "Activation";
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        return activation.apply(inputs);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    /** Adds {@code activation}: the Keras name. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", Activations.nameOf(activation));
        return c;
    }

    /**
     * A new Activation layer from its config.
     *
     * @throws IllegalArgumentException on a missing or unknown activation
     */
    public static ActivationLayer fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Activation", config, Set.of("activation"));
        if (!r.has("activation")) {
            throw new IllegalArgumentException("Activation.fromConfig: the config needs 'activation'");
        }
        ActivationLayer l = new ActivationLayer(r.string("activation", null));
        return l.applyBaseConfig(l, config);
    }
}
