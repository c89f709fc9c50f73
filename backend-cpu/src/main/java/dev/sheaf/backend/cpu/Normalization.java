package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * Float32 batch and layer normalization, forward (training and inference) and backward, on oneDNN's
 * {@code batch_normalization} and {@code layer_normalization} primitives.
 *
 * <p>oneDNN normalizes over logical dimension 1 of an {@code (N, C, spatial...)} tensor. A row-major tensor with the
 * channel axis anywhere is exactly a plain {@code (outer, C, inner)} tensor, {@code outer} and {@code inner} the
 * products of the dimensions before and after the axis; with the channels last ({@code inner = 1}) it is described as
 * {@code (outer, C)}, which oneDNN runs as channels-last. Layer normalization is run on {@code (rows, features)}. No
 * data moves. The statistics oneDNN returns are the mean and the biased variance, as the SPI asks.
 *
 * <p>Each method returns null where it does not apply (another dtype, an empty tensor) and the caller falls back to
 * the composed default. NaN and infinities need no special path: oneDNN propagates them through the statistics as the
 * SPI's IEEE two-pass formula does (testkit checks it).
 */
final class Normalization {
    private Normalization() {
    }

    // ------------------------------------------------------------------ batch normalization

    static Tensor[] batchTraining(CpuBackend backend, Dnnl dnnl, Tensor x, Tensor gamma, Tensor beta, int axis,
                                  double epsilon) {
        return training(backend, dnnl, new Batch(axis), x, gamma, beta, epsilon);
    }

    static Tensor batchInference(CpuBackend backend, Dnnl dnnl, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                 Tensor variance, int axis, double epsilon) {
        CpuTensor a = CpuBackend.operand(x, "batchNormInference");
        CpuTensor g = optional(gamma, "batchNormInference");
        CpuTensor b = optional(beta, "batchNormInference");
        CpuTensor m = CpuBackend.operand(mean, "batchNormInference");
        CpuTensor v = CpuBackend.operand(variance, "batchNormInference");
        if (!applies(a, g, b, m, v)) {
            return null;
        }
        long[] d = batchDims(a.shape(), axis);
        int flags = flags(g, b) | dnnl_use_global_stats;
        float eps = (float) epsilon;
        CpuTensor y = CpuTensor.allocate(backend, a.shape(), DType.FLOAT32);
        Args args = new Args().add(DNNL_ARG_SRC, a).add(DNNL_ARG_MEAN, m).add(DNNL_ARG_VARIANCE, v)
                .add(DNNL_ARG_SCALE, g).add(DNNL_ARG_SHIFT, b).add(DNNL_ARG_DST, y);
        Key key = Key.of("bnorm fwd inference", d, new long[] {flags, Float.floatToIntBits(eps)});
        run(dnnl, key, () -> new Primitive(dnnl.engine(), batchForward(dnnl, d, flags, eps, false), args.ids()),
                args, y);
        return y;
    }

    static Tensor[] batchBackward(CpuBackend backend, Dnnl dnnl, Tensor dy, Tensor x, Tensor gamma, Tensor beta,
                                  Tensor mean, Tensor variance, int axis, double epsilon) {
        return backward(backend, dnnl, new Batch(axis), dy, x, gamma, beta, mean, variance, epsilon);
    }

    /** {@code (outer, C, inner)}, or {@code (outer, C)} when the channels are last. */
    static long[] batchDims(Shape s, int axis) {
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < s.rank(); i++) {
            if (i < axis) {
                outer *= s.dim(i);
            } else if (i > axis) {
                inner *= s.dim(i);
            }
        }
        return inner == 1 ? new long[] {outer, s.dim(axis)} : new long[] {outer, s.dim(axis), inner};
    }

    private static dnnl_primitive_desc batchForward(Dnnl dnnl, long[] d, int flags, float eps, boolean training) {
        dnnl_memory_desc data = Dnnl.desc(d, Dnnl.rowMajor(d), dnnl_f32);
        try {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            return Dnnl.created(dnnl_batch_normalization_forward_primitive_desc_create(pd, dnnl.engine(),
                    training ? dnnl_forward_training : dnnl_forward_inference, data, data, eps, flags, dnnl.attr()), pd,
                    "batch_normalization_forward_primitive_desc_create");
        } finally {
            Dnnl.destroy(data);
        }
    }

    /** Batch normalization over the channel axis {@code axis}. */
    private record Batch(int axis) implements Kind {
        @Override
        public String name() {
            return "batchNorm";
        }

        @Override
        public String trainingOp() {
            return "batchNormTraining";
        }

        @Override
        public long[] dims(Shape x) {
            return batchDims(x, axis);
        }

        @Override
        public Shape statistics(Shape x) {
            return Shape.of(x.dim(axis));
        }

        @Override
        public dnnl_primitive_desc forward(Dnnl dnnl, long[] d, int flags, float eps) {
            return batchForward(dnnl, d, flags, eps, true);
        }

        @Override
        public Primitive backward(Dnnl dnnl, long[] d, int flags, float eps, int[] ids) {
            dnnl_primitive_desc hint = forward(dnnl, d, flags, eps);
            dnnl_memory_desc data = Dnnl.desc(d, Dnnl.rowMajor(d), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_batch_normalization_backward_primitive_desc_create(pd, dnnl.engine(),
                        backwardKind(flags), data, data, data, eps, flags, hint, dnnl.attr()), pd,
                        "batch_normalization_backward_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, ids);
            } finally {
                dnnl_primitive_desc_destroy(hint);
                Dnnl.destroy(data);
            }
        }
    }

    // ------------------------------------------------------------------ layer normalization

    private static final Kind LAYER = new Layer();

    static Tensor[] layer(CpuBackend backend, Dnnl dnnl, Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        return training(backend, dnnl, LAYER, x, gamma, beta, epsilon);
    }

    static Tensor[] layerBackward(CpuBackend backend, Dnnl dnnl, Tensor dy, Tensor x, Tensor gamma, Tensor beta,
                                  Tensor mean, Tensor variance, double epsilon) {
        return backward(backend, dnnl, LAYER, dy, x, gamma, beta, mean, variance, epsilon);
    }

    /** Layer normalization over the last axis, run on {@code (rows, features)}. */
    private static final class Layer implements Kind {
        @Override
        public String name() {
            return "layerNorm";
        }

        @Override
        public String trainingOp() {
            return "layerNorm";
        }

        @Override
        public long[] dims(Shape x) {
            long f = x.dim(-1);
            return new long[] {x.elementCount() / f, f};
        }

        @Override
        public Shape statistics(Shape x) {
            return x.remove(x.rank() - 1);
        }

        @Override
        public dnnl_primitive_desc forward(Dnnl dnnl, long[] d, int flags, float eps) {
            long[] sd = {d[0]};
            dnnl_memory_desc data = Dnnl.desc(d, Dnnl.rowMajor(d), dnnl_f32);
            dnnl_memory_desc stat = Dnnl.desc(sd, Dnnl.rowMajor(sd), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                return Dnnl.created(dnnl_layer_normalization_forward_primitive_desc_create(pd, dnnl.engine(),
                        dnnl_forward_training, data, data, stat, eps, flags, dnnl.attr()), pd,
                        "layer_normalization_forward_primitive_desc_create");
            } finally {
                Dnnl.destroy(data, stat);
            }
        }

        @Override
        public Primitive backward(Dnnl dnnl, long[] d, int flags, float eps, int[] ids) {
            dnnl_primitive_desc hint = forward(dnnl, d, flags, eps);
            long[] sd = {d[0]};
            dnnl_memory_desc data = Dnnl.desc(d, Dnnl.rowMajor(d), dnnl_f32);
            dnnl_memory_desc stat = Dnnl.desc(sd, Dnnl.rowMajor(sd), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_layer_normalization_backward_primitive_desc_create(pd, dnnl.engine(),
                        backwardKind(flags), data, data, data, stat, eps, flags, hint, dnnl.attr()), pd,
                        "layer_normalization_backward_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, ids);
            } finally {
                dnnl_primitive_desc_destroy(hint);
                Dnnl.destroy(data, stat);
            }
        }
    }

    // ------------------------------------------------------------------ shared by both

    /** What tells batch and layer normalization apart here: the view of x oneDNN gets, and their primitives. */
    private interface Kind {
        /** The name of the SPI ops, "Backward" appended for the backward one. */
        String name();

        /** The name of the training-mode forward SPI op. */
        String trainingOp();

        /** The plain dimensions oneDNN sees x as. */
        long[] dims(Shape x);

        /** The shape of the mean and variance. */
        Shape statistics(Shape x);

        /** The training-mode forward descriptor (also the backward's hint). */
        dnnl_primitive_desc forward(Dnnl dnnl, long[] d, int flags, float eps);

        Primitive backward(Dnnl dnnl, long[] d, int flags, float eps, int[] ids);
    }

    /** Training-mode forward: {y, mean, variance}, or null where the primitive does not apply. */
    private static Tensor[] training(CpuBackend backend, Dnnl dnnl, Kind kind, Tensor x, Tensor gamma, Tensor beta,
                                     double epsilon) {
        String op = kind.trainingOp();
        CpuTensor a = CpuBackend.operand(x, op);
        CpuTensor g = optional(gamma, op);
        CpuTensor b = optional(beta, op);
        if (!applies(a, g, b)) {
            return null;
        }
        long[] d = kind.dims(a.shape());
        Shape stat = kind.statistics(a.shape());
        int flags = flags(g, b);
        float eps = (float) epsilon;
        CpuTensor y = CpuTensor.allocate(backend, a.shape(), DType.FLOAT32);
        CpuTensor mean = CpuTensor.allocate(backend, stat, DType.FLOAT32);
        CpuTensor variance = CpuTensor.allocate(backend, stat, DType.FLOAT32);
        Args args = new Args().add(DNNL_ARG_SRC, a).add(DNNL_ARG_SCALE, g).add(DNNL_ARG_SHIFT, b)
                .add(DNNL_ARG_DST, y).add(DNNL_ARG_MEAN, mean).add(DNNL_ARG_VARIANCE, variance);
        Key key = Key.of(kind.name() + " fwd training", d, new long[] {flags, Float.floatToIntBits(eps)});
        run(dnnl, key, () -> new Primitive(dnnl.engine(), kind.forward(dnnl, d, flags, eps), args.ids()), args, y,
                mean, variance);
        return new Tensor[] {y, mean, variance};
    }

    /** Backward: {dx, dgamma, dbeta} (null where the parameter was), or null where the primitive does not apply. */
    private static Tensor[] backward(CpuBackend backend, Dnnl dnnl, Kind kind, Tensor dy, Tensor x, Tensor gamma,
                                     Tensor beta, Tensor mean, Tensor variance, double epsilon) {
        String op = kind.name() + "Backward";
        CpuTensor gy = CpuBackend.operand(dy, op);
        CpuTensor a = CpuBackend.operand(x, op);
        CpuTensor g = optional(gamma, op);
        CpuTensor b = optional(beta, op);
        CpuTensor m = CpuBackend.operand(mean, op);
        CpuTensor v = CpuBackend.operand(variance, op);
        if (!applies(gy, a, g, b, m, v) || !gy.shape().equals(a.shape())) {
            return null;
        }
        long[] d = kind.dims(a.shape());
        int flags = flags(g, b);
        float eps = (float) epsilon;
        Result r = new Result(backend, a.shape(), g, b);
        Args args = new Args().add(DNNL_ARG_SRC, a).add(DNNL_ARG_DIFF_DST, gy).add(DNNL_ARG_MEAN, m)
                .add(DNNL_ARG_VARIANCE, v).add(DNNL_ARG_SCALE, g).add(DNNL_ARG_DIFF_SRC, r.dx)
                .add(DNNL_ARG_DIFF_SCALE, r.dgamma).add(DNNL_ARG_DIFF_SHIFT, r.dbeta);
        Key key = Key.of(kind.name() + " bwd", d, new long[] {flags, Float.floatToIntBits(eps)});
        run(dnnl, key, () -> kind.backward(dnnl, d, flags, eps, args.ids()), args, r.outputs());
        return r.outputs();
    }

    // ------------------------------------------------------------------ plumbing

    private static CpuTensor optional(Tensor t, String op) {
        return t == null ? null : CpuBackend.operand(t, op);
    }

    /** Float32 throughout, non-empty, and within oneDNN's dimension limits (the statistics are int-indexed). */
    private static boolean applies(CpuTensor... ts) {
        for (CpuTensor t : ts) {
            if (t != null && (t.dtype() != DType.FLOAT32 || t.size() == 0)) {
                return false;
            }
        }
        return true;
    }

    private static int flags(CpuTensor gamma, CpuTensor beta) {
        return (gamma != null ? dnnl_use_scale : 0) | (beta != null ? dnnl_use_shift : 0);
    }

    /** {@code backward} computes the scale and shift gradients too; {@code backward_data} only dx. */
    private static int backwardKind(int flags) {
        return (flags & (dnnl_use_scale | dnnl_use_shift)) != 0 ? dnnl_backward : dnnl_backward_data;
    }

    /** Runs the primitive; closes {@code outputs} if it fails, so that nothing half-made escapes. */
    private static void run(Dnnl dnnl, Key key, java.util.function.Supplier<Primitive> factory, Args args,
                            Tensor... outputs) {
        try {
            dnnl.run(key, factory, args.handles());
        } catch (RuntimeException e) {
            for (Tensor t : outputs) {
                if (t != null) {
                    t.close();
                }
            }
            throw e;
        }
    }

    /** The execution arguments of one call: oneDNN argument ids and the buffers, absent (null) ones skipped. */
    private static final class Args {
        private final List<Integer> ids = new ArrayList<>(8);
        private final List<Pointer> handles = new ArrayList<>(8);

        Args add(int id, CpuTensor t) {
            if (t != null) {
                ids.add(id);
                handles.add(t.pointer());
            }
            return this;
        }

        int[] ids() {
            int[] r = new int[ids.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ids.get(i);
            }
            return r;
        }

        Pointer[] handles() {
            return handles.toArray(new Pointer[0]);
        }
    }

    /** The outputs of a backward pass: dx, and dgamma / dbeta where the parameter was given. */
    private static final class Result {
        final CpuTensor dx;
        final CpuTensor dgamma;
        final CpuTensor dbeta;

        Result(CpuBackend backend, Shape x, CpuTensor gamma, CpuTensor beta) {
            dx = CpuTensor.allocate(backend, x, DType.FLOAT32);
            dgamma = gamma == null ? null : CpuTensor.allocate(backend, gamma.shape(), DType.FLOAT32);
            dbeta = beta == null ? null : CpuTensor.allocate(backend, beta.shape(), DType.FLOAT32);
        }

        Tensor[] outputs() {
            return new Tensor[] {dx, dgamma, dbeta};
        }
    }
}
