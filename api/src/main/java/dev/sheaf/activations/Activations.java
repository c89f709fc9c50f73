package dev.sheaf.activations;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The built-in activations by Keras name, as {@code keras.activations.get}: {@code relu}, {@code relu6},
 * {@code sigmoid}, {@code hard_sigmoid}, {@code tanh}, {@code softmax}, {@code log_softmax}, {@code linear},
 * {@code elu}, {@code selu}, {@code gelu}, {@code softplus}, {@code softsign}, {@code silu}, {@code swish},
 * {@code leaky_relu}, {@code exponential}.
 *
 * <p>Definitions and defaults are Keras 3's: {@code hard_sigmoid} is {@code relu6(x + 3) / 6}; {@code leaky_relu}
 * has negative slope 0.2; {@code gelu} is the exact form ({@code approximate=False}); {@code elu} has alpha 1;
 * {@code softmax} and {@code log_softmax} work over the last axis; {@code swish} is another name of {@code silu}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Activations {
    /** The identity, Keras's {@code linear} (also what {@code get(null)} returns). */
    public static final Activation LINEAR = named("linear", x -> x);
    /** {@code max(x, 0)}. */
    public static final Activation RELU = named("relu", Ops::relu);
    /** {@code min(max(x, 0), 6)}. */
    public static final Activation RELU6 = named("relu6", Ops::relu6);
    /** {@code 1 / (1 + e^-x)}. */
    public static final Activation SIGMOID = named("sigmoid", Ops::sigmoid);
    /** Keras 3's {@code relu6(x + 3) / 6}. */
    public static final Activation HARD_SIGMOID = named("hard_sigmoid", Ops::hardSigmoid);
    /** Hyperbolic tangent. */
    public static final Activation TANH = named("tanh", Ops::tanh);
    /** Softmax over the last axis. */
    public static final Activation SOFTMAX = named("softmax", x -> Ops.softmax(x, -1));
    /** Log-softmax over the last axis. */
    public static final Activation LOG_SOFTMAX = named("log_softmax", x -> Ops.logSoftmax(x, -1));
    /** ELU with alpha 1. */
    public static final Activation ELU = named("elu", x -> Ops.elu(x, 1.0));
    /** SELU with Keras's alpha 1.67326… and scale 1.05070…. */
    public static final Activation SELU = named("selu", Ops::selu);
    /** Exact GELU, {@code 0.5 x (1 + erf(x / √2))} (Keras's default {@code approximate=False}). */
    public static final Activation GELU = named("gelu", x -> Ops.gelu(x, false));
    /** {@code log(1 + e^x)}. */
    public static final Activation SOFTPLUS = named("softplus", Ops::softplus);
    /** {@code x / (1 + |x|)}. */
    public static final Activation SOFTSIGN = named("softsign", Ops::softsign);
    /** {@code x * sigmoid(x)}; {@code "swish"} resolves to it too. */
    public static final Activation SILU = named("silu", Ops::silu);
    /** {@code x > 0 ? x : 0.2 x}. */
    public static final Activation LEAKY_RELU = named("leaky_relu", x -> Ops.leakyRelu(x, 0.2));
    /** {@code e^x}. */
    public static final Activation EXPONENTIAL = named("exponential", Ops::exponential);

    private static final Map<String, Activation> BY_NAME = new LinkedHashMap<>();

    static {
        for (Activation a : List.of(RELU, RELU6, SIGMOID, HARD_SIGMOID, TANH, SOFTMAX, LOG_SOFTMAX, LINEAR, ELU, SELU,
                GELU, SOFTPLUS, SOFTSIGN, SILU, LEAKY_RELU, EXPONENTIAL)) {
            BY_NAME.put(((Named) a).name, a);
        }
        // Keras 3 defines swish as an alias of silu; serializing either gives "silu".
        BY_NAME.put("swish", SILU);
    }

    private Activations() {
    }

    /**
     * The activation called {@code name}; {@code null} gives {@link #LINEAR}, as Keras's {@code get(None)}.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Activation get(String name) {
        if (name == null) {
            return LINEAR;
        }
        Activation a = BY_NAME.get(name);
        if (a == null) {
            throw new IllegalArgumentException("Unknown activation '" + name + "'. Known activations: "
                    + String.join(", ", names()) + ".");
        }
        return a;
    }

    /** Every name {@link #get} accepts, in the order Keras documents them. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
    }

    /**
     * The Keras name of a built-in activation, for configs ({@code "relu"}; {@code null} gives {@code "linear"}).
     *
     * @throws IllegalArgumentException for a custom function, which has no name a config could restore
     */
    public static String nameOf(Activation activation) {
        if (activation == null) {
            return "linear";
        }
        if (activation instanceof Named n) {
            return n.name;
        }
        throw new IllegalArgumentException("The activation " + activation + " is a custom function with no Keras name, "
                + "so it cannot be written to a config. Use one of " + String.join(", ", names())
                + ", or a layer of your own registered through a LayerProvider.");
    }

    private static Activation named(String name, Activation fn) {
        return new Named(name, fn);
    }

    /** A built-in activation that knows its Keras name (shown by toString, used by {@link #nameOf}). */
    private record Named(String name, Activation fn) implements Activation {
        @Override
        public Tensor apply(Tensor x) {
            return fn.apply(x);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
