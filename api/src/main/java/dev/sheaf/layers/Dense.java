package dev.sheaf.layers;

import dev.sheaf.activations.Activation;
import dev.sheaf.activations.Activations;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.constraints.Constraint;
import dev.sheaf.constraints.Constraints;
import dev.sheaf.initializers.GlorotUniform;
import dev.sheaf.initializers.Initializer;
import dev.sheaf.initializers.Initializers;
import dev.sheaf.initializers.Zeros;
import dev.sheaf.ops.Ops;
import dev.sheaf.regularizers.Regularizer;
import dev.sheaf.regularizers.Regularizers;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Keras's {@code Dense}: {@code output = activation(inputs · kernel + bias)}. The kernel has shape
 * {@code [inputs' last dimension, units]}; inputs of rank above 2 are contracted on their last axis, so
 * {@code (batch, steps, features)} gives {@code (batch, steps, units)}.
 *
 * <pre>{@code
 * Layer hidden = new Dense(64, "relu");
 * Layer out = Dense.of(10).setActivation("softmax").setKernelRegularizer(new L2(1e-4));
 * }</pre>
 *
 * <p>Defaults as Keras: no activation ({@code linear}), a bias, kernel initializer {@code glorot_uniform}, bias
 * initializer {@code zeros}, no regularizers or constraints. An activity regularizer adds its penalty on the outputs
 * of each call to {@link #regularizationLoss()} (as Keras 3, not divided by the batch size).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Dense extends Layer {
    private static final Set<String> KEYS = Set.of("units", "activation", "use_bias", "kernel_initializer",
            "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
            "bias_constraint");

    private final int units;
    private Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;

    /**
     * A dense layer of {@code units} outputs, no activation.
     *
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public Dense(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be a positive integer, got " + units);
        }
        this.units = units;
    }

    /** A dense layer with an activation by Keras name ({@code "relu"}, {@code "softmax"}, …). */
    public Dense(int units, String activation) {
        this(units);
        setActivation(activation);
    }

    /** A dense layer with an activation function. */
    public Dense(int units, Activation activation) {
        this(units);
        setActivation(activation);
    }

    /** {@code new Dense(units)}. */
    public static Dense of(int units) {
        return new Dense(units);
    }

    private void checkNotBuilt(String what) {
        if (isBuilt()) {
            throw new IllegalStateException("Dense '" + name() + "' is already built; set " + what + " before use");
        }
    }

    /** The activation by Keras name; {@code null} or {@code "linear"} for none. */
    public Dense setActivation(String activation) {
        this.activation = Activations.get(activation);
        return this;
    }

    /** The activation function ({@code null} for none). */
    public Dense setActivation(Activation activation) {
        this.activation = activation == null ? Activations.LINEAR : activation;
        return this;
    }

    /** Whether to add a bias (default true). */
    public Dense setUseBias(boolean useBias) {
        checkNotBuilt("use_bias");
        this.useBias = useBias;
        return this;
    }

    /** The kernel initializer (default {@code glorot_uniform}). */
    public Dense setKernelInitializer(Initializer initializer) {
        checkNotBuilt("the kernel initializer");
        this.kernelInitializer = Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** The kernel initializer by Keras name. */
    public Dense setKernelInitializer(String initializer) {
        return setKernelInitializer(Initializers.get(initializer));
    }

    /** The bias initializer (default {@code zeros}). */
    public Dense setBiasInitializer(Initializer initializer) {
        checkNotBuilt("the bias initializer");
        this.biasInitializer = Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /** The bias initializer by Keras name. */
    public Dense setBiasInitializer(String initializer) {
        return setBiasInitializer(Initializers.get(initializer));
    }

    /** A penalty on the kernel ({@code null}: none). */
    public Dense setKernelRegularizer(Regularizer regularizer) {
        checkNotBuilt("the kernel regularizer");
        this.kernelRegularizer = regularizer;
        return this;
    }

    /** A penalty on the bias ({@code null}: none). */
    public Dense setBiasRegularizer(Regularizer regularizer) {
        checkNotBuilt("the bias regularizer");
        this.biasRegularizer = regularizer;
        return this;
    }

    /** A penalty on the layer's outputs, added on every call ({@code null}: none). */
    public Dense setActivityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
        return this;
    }

    /** A projection of the kernel after each update ({@code null}: none). */
    public Dense setKernelConstraint(Constraint constraint) {
        checkNotBuilt("the kernel constraint");
        this.kernelConstraint = constraint;
        return this;
    }

    /** A projection of the bias after each update ({@code null}: none). */
    public Dense setBiasConstraint(Constraint constraint) {
        checkNotBuilt("the bias constraint");
        this.biasConstraint = constraint;
        return this;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation ({@link Activations#LINEAR} for none). */
    public Activation activation() {
        return activation;
    }

    /** The kernel, {@code [in, units]}; {@code null} before the layer is built. */
    public Variable kernel() {
        return kernel;
    }

    /** The bias, {@code [units]}; {@code null} before the layer is built or without a bias. */
    public Variable bias() {
        return bias;
    }

    private long inputDim(Shape inputShape) {
        if (inputShape.rank() < 2) {
            throw new IllegalArgumentException("Dense '" + name() + "' expects inputs of rank >= 2 (batch, ..., "
                    + "features), but got shape " + inputShape);
        }
        long in = inputShape.dim(-1);
        if (in == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Dense '" + name() + "': the last dimension of the input must be "
                    + "known, but got shape " + inputShape);
        }
        return in;
    }

    @Override
    protected void build(Shape inputShape) {
        long in = inputDim(inputShape);
        kernel = addWeight("kernel", Shape.of(in, units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        long expected = kernel.shape().dim(0);
        if (inputs.rank() < 2 || inputs.shape().dim(-1) != expected) {
            throw new IllegalArgumentException("Dense '" + name() + "' was built for inputs of shape (None, ..., "
                    + expected + ") but got an input of shape " + inputs.shape());
        }
        // One fused op (the backend's dense: matmul, bias and, for relu/sigmoid/tanh, the activation), whose gradient
        // reuses the output; other activations are applied after a fused linear dense.
        UnaryOp fused = fusedActivation(activation);
        Tensor b = bias == null ? null : bias.value();
        Tensor y = fused != null || activation == Activations.LINEAR
                ? Ops.dense(inputs, kernel.value(), b, fused)
                : activation.apply(Ops.dense(inputs, kernel.value(), b, null));
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(y));
        }
        return y;
    }

    /** The {@link UnaryOp} that {@link Ops#dense} fuses for a built-in activation, or {@code null}. */
    private static UnaryOp fusedActivation(Activation a) {
        if (a == Activations.RELU) {
            return UnaryOp.RELU;
        }
        if (a == Activations.SIGMOID) {
            return UnaryOp.SIGMOID;
        }
        return a == Activations.TANH ? UnaryOp.TANH : null;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        inputDim(inputShape);
        return inputShape.with(-1, units);
    }

    /** Keras's Dense config: units, activation and use_bias, then the serialized initializers, regularizers, constraints. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", Activations.nameOf(activation));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Regularizers.serialize(kernelRegularizer));
        c.put("bias_regularizer", biasRegularizer == null ? null : Regularizers.serialize(biasRegularizer));
        if (activityRegularizer != null) {
            c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        }
        c.put("kernel_constraint", kernelConstraint == null ? null : Constraints.serialize(kernelConstraint));
        c.put("bias_constraint", biasConstraint == null ? null : Constraints.serialize(biasConstraint));
        return c;
    }

    /**
     * A new, unbuilt Dense from its config (as {@link #getConfig()} writes it, or Keras's JSON).
     *
     * @throws IllegalArgumentException naming the entry on a missing {@code units} or a bad value
     */
    public static Dense fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Dense", config, KEYS);
        Dense d = new Dense(r.requiredInt("units"));
        d.setActivation(r.string("activation", null));
        d.setUseBias(r.bool("use_bias", true));
        if (r.has("kernel_initializer")) {
            d.setKernelInitializer(Initializers.deserialize(r.raw("kernel_initializer")));
        }
        if (r.has("bias_initializer")) {
            d.setBiasInitializer(Initializers.deserialize(r.raw("bias_initializer")));
        }
        d.setKernelRegularizer(Regularizers.deserialize(r.raw("kernel_regularizer")));
        d.setBiasRegularizer(Regularizers.deserialize(r.raw("bias_regularizer")));
        d.setActivityRegularizer(Regularizers.deserialize(r.raw("activity_regularizer")));
        d.setKernelConstraint(Constraints.deserialize(r.raw("kernel_constraint")));
        d.setBiasConstraint(Constraints.deserialize(r.raw("bias_constraint")));
        return d.applyBaseConfig(d, config);
    }
}
