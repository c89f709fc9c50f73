package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * Whole-sequence recurrent layers on oneDNN's RNN primitives: {@code vanilla_rnn} (tanh, relu), {@code lstm} and
 * {@code lbr_gru} (the linear-before-reset GRU, which is Keras's {@code reset_after=True}), float32, one layer,
 * unidirectional left to right.
 *
 * <h2>Layouts</h2>
 * oneDNN's logical dimensions are time-major ({@code src_layer} is {@code {T, N, C}}), but its {@code ntc} layout is
 * batch-major, so {@code x [batch, time, input]} and the sequence {@code [batch, time, units]} are described with
 * {@code ntc} strides and passed without a copy. States {@code [batch, units]} are {@code ldnc} with one layer and one
 * direction. Keras's kernels {@code [input, gates * units]} and {@code [units, gates * units]} are exactly oneDNN's
 * {@code ldigo} memory with {@code l = d = 1}, and the gate orders agree (LSTM i, f, c, o; GRU z/u, r, h/o). The LSTM and
 * simple-cell biases are {@code ldgo} as they are; the GRU's {@code [2, 3 units]} bias (row 0 for {@code x W}, row 1
 * for {@code h U}) becomes oneDNN's four rows {@code {b0z + b1z, b0r + b1r, b0h, b1h}}, and its gradient goes back to
 * both Keras rows for z and r. A missing bias is a zero bias.
 *
 * <h2>Training</h2>
 * The forward pass with {@code training} runs {@code forward_training} and returns the primitive's workspace as the
 * fourth result: a float32 {@link CpuTensor} of {@code ceil(bytes / 4)} elements over native memory, freed with the
 * tensor. The backward primitive wants its weights in a layout of its own choosing ({@code format_tag any}, in
 * practice {@code ldgoi}): the kernels are reordered into it on each call, through a reorder primitive cached next to
 * the backward one. Its weight gradients come out in {@code ldigo}, i.e. directly in Keras's layout; oneDNN accumulates
 * into them, so they are zeroed first. Every primitive and descriptor lives in the {@link PrimitiveCache}, which
 * destroys them.
 */
final class Recurrent {
    private Recurrent() {
    }

    /** The sizes of one call: T time steps, N batch, I input channels, U units. */
    private record Geometry(RnnCell cell, long t, long n, long i, long u) {
        long gates() {
            return cell.gates();
        }

        /** oneDNN's bias rows: the LBR GRU has one more than it has gates. */
        long biasGates() {
            return cell == RnnCell.GRU ? 4 : gates();
        }

        boolean lstm() {
            return cell == RnnCell.LSTM;
        }

        long[] key(long extra) {
            return new long[] {cell.ordinal(), t, n, i, u, extra};
        }

        long[] layer(long c) {
            return new long[] {t, n, c};
        }

        /** {@code ntc}: batch-major rows of {@code c} channels. */
        long[] layerStrides(long c) {
            return new long[] {c, t * c, 1};
        }

        long[] state() {
            return new long[] {1, 1, n, u};
        }

        long[] weights(long in) {
            return new long[] {1, 1, in, gates(), u};
        }

        long[] bias() {
            return new long[] {1, 1, biasGates(), u};
        }
    }

    /** Whether oneDNN runs this call: every operand float32 and every size positive. */
    static boolean handles(CpuTensor x, CpuTensor h0, CpuTensor c0, CpuTensor kernel, CpuTensor recurrentKernel,
                           CpuTensor bias) {
        for (CpuTensor t : new CpuTensor[] {x, h0, c0, kernel, recurrentKernel, bias}) {
            if (t != null && (t.dtype() != DType.FLOAT32 || t.size() == 0)) {
                return false;
            }
        }
        return x.rank() == 3 && recurrentKernel.rank() == 2;
    }

    private static Geometry geometry(RnnCell cell, CpuTensor x, CpuTensor recurrentKernel) {
        Shape s = x.shape();
        return new Geometry(cell, s.dim(1), s.dim(0), s.dim(2), recurrentKernel.shape().dim(0));
    }

    /**
     * oneDNN's name of the implementation of the forward-training RNN primitive for these sizes (such as
     * {@code ref:any} or a JIT one); creates and caches that primitive as a training call would.
     */
    static String implementation(Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor recurrentKernel) {
        Geometry g = geometry(cell, x, recurrentKernel);
        synchronized (dnnl) {
            Primitive p = dnnl.cache().get(Key.of("rnn fwd", g.key(1)), () -> forwardPrimitive(dnnl, g, true));
            return p.implementation();
        }
    }

    // ------------------------------------------------------------------ forward

    static Tensor[] forward(CpuBackend backend, Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor h0, CpuTensor c0,
                            CpuTensor kernel, CpuTensor recurrentKernel, CpuTensor bias, boolean training) {
        Geometry g = geometry(cell, x, recurrentKernel);
        CpuTensor sequence = null;
        CpuTensor lastH = null;
        CpuTensor lastC = null;
        CpuTensor workspace = null;
        try (CpuTensor b = forwardBias(backend, g, bias)) {
            Key key = Key.of("rnn fwd", g.key(training ? 1 : 0));
            Supplier<Primitive> factory = () -> forwardPrimitive(dnnl, g, training);
            sequence = CpuTensor.allocate(backend, Shape.of(g.n, g.t, g.u), DType.FLOAT32);
            lastH = CpuTensor.allocate(backend, Shape.of(g.n, g.u), DType.FLOAT32);
            lastC = g.lstm() ? CpuTensor.allocate(backend, Shape.of(g.n, g.u), DType.FLOAT32) : null;
            if (training) {
                long bytes = dnnl.argBytes(key, factory, DNNL_ARG_WORKSPACE);
                workspace = CpuTensor.allocate(backend, Shape.of(Math.max(1, (bytes + 3) / 4)), DType.FLOAT32);
            }
            Pointer[] handles = g.lstm()
                    ? new Pointer[] {x.pointer(), h0.pointer(), c0.pointer(), kernel.pointer(),
                        recurrentKernel.pointer(), b.pointer(), sequence.pointer(), lastH.pointer(), lastC.pointer()}
                    : new Pointer[] {x.pointer(), h0.pointer(), kernel.pointer(), recurrentKernel.pointer(),
                        b.pointer(), sequence.pointer(), lastH.pointer()};
            if (training) {
                handles = append(handles, workspace.pointer());
            }
            dnnl.run(key, factory, handles);
            return new Tensor[] {sequence, lastH, lastC, workspace};
        } catch (RuntimeException | Error e) {
            close(sequence, lastH, lastC, workspace);
            throw e;
        }
    }

    /** The bias in oneDNN's {@code ldgo} layout (a new tensor): zeros when absent, four rows for the GRU. */
    private static CpuTensor forwardBias(CpuBackend backend, Geometry g, CpuTensor bias) {
        int u = Math.toIntExact(g.u);
        CpuTensor b = CpuTensor.allocate(backend, Shape.of(g.biasGates() * g.u), DType.FLOAT32);
        if (bias == null) {
            Pointer.memset(b.pointer(), 0, b.memory().bytes());
        } else if (g.cell != RnnCell.GRU) {
            Pointer.memcpy(b.pointer(), bias.pointer(), b.memory().bytes());
        } else {
            FloatBuffer in = bias.buffer().asFloatBuffer();
            FloatBuffer out = b.buffer().asFloatBuffer();
            for (int j = 0; j < 2 * u; j++) {
                out.put(j, in.get(j) + in.get(3 * u + j));
            }
            for (int j = 0; j < u; j++) {
                out.put(2 * u + j, in.get(2 * u + j));
                out.put(3 * u + j, in.get(5 * u + j));
            }
        }
        return b;
    }

    private static Primitive forwardPrimitive(Dnnl dnnl, Geometry g, boolean training) {
        dnnl_primitive_desc pd = forwardDesc(dnnl, g, training ? dnnl_forward_training : dnnl_forward_inference);
        return g.lstm()
                ? new Primitive(dnnl.engine(), pd, withWorkspace(training, DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER,
                        DNNL_ARG_SRC_ITER_C, DNNL_ARG_WEIGHTS_LAYER, DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS,
                        DNNL_ARG_DST_LAYER, DNNL_ARG_DST_ITER, DNNL_ARG_DST_ITER_C))
                : new Primitive(dnnl.engine(), pd, withWorkspace(training, DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER,
                        DNNL_ARG_WEIGHTS_LAYER, DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS, DNNL_ARG_DST_LAYER,
                        DNNL_ARG_DST_ITER));
    }

    private static int[] withWorkspace(boolean training, int... args) {
        if (!training) {
            return args;
        }
        int[] r = java.util.Arrays.copyOf(args, args.length + 1);
        r[args.length] = DNNL_ARG_WORKSPACE;
        return r;
    }

    /** The forward primitive descriptor (the caller owns it). */
    private static dnnl_primitive_desc forwardDesc(Dnnl dnnl, Geometry g, int prop) {
        Descs d = new Descs(g, false);
        try {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            int dir = dnnl_unidirectional_left2right;
            int status = switch (g.cell) {
                case SIMPLE_TANH, SIMPLE_RELU -> dnnl_vanilla_rnn_forward_primitive_desc_create(pd, dnnl.engine(),
                        prop, activation(g.cell), dir, d.srcLayer, d.srcIter, d.weightsLayer, d.weightsIter, d.bias,
                        d.dstLayer, d.dstIter, dnnl_rnn_flags_undef, 0f, 0f, dnnl.attr());
                case LSTM -> dnnl_lstm_forward_primitive_desc_create(pd, dnnl.engine(), prop, dir, d.srcLayer,
                        d.srcIter, d.srcIterC, d.weightsLayer, d.weightsIter, null, null, d.bias, d.dstLayer,
                        d.dstIter, d.dstIterC, dnnl_rnn_flags_undef, dnnl.attr());
                case GRU -> dnnl_lbr_gru_forward_primitive_desc_create(pd, dnnl.engine(), prop, dir, d.srcLayer,
                        d.srcIter, d.weightsLayer, d.weightsIter, d.bias, d.dstLayer, d.dstIter,
                        dnnl_rnn_flags_undef, dnnl.attr());
            };
            return Dnnl.created(status, pd, "rnn forward primitive_desc_create (" + g.cell + ")");
        } finally {
            d.close();
        }
    }

    private static int activation(RnnCell cell) {
        return cell == RnnCell.SIMPLE_RELU ? dnnl_eltwise_relu : dnnl_eltwise_tanh;
    }

    // ------------------------------------------------------------------ backward

    /** Whether {@code saved} is a workspace of the forward-training primitive of this geometry. */
    private static boolean isWorkspace(Dnnl dnnl, Geometry g, Tensor saved) {
        if (!(saved instanceof CpuTensor w) || w.isClosed() || w.dtype() != DType.FLOAT32 || w.rank() != 1) {
            return false;
        }
        long bytes = dnnl.argBytes(Key.of("rnn fwd", g.key(1)), () -> forwardPrimitive(dnnl, g, true),
                DNNL_ARG_WORKSPACE);
        return w.size() == Math.max(1, (bytes + 3) / 4);
    }

    private static boolean fits(Tensor t, DType dt, Shape s) {
        return t instanceof CpuTensor c && !c.isClosed() && c.dtype() == dt && c.shape().equals(s);
    }

    static Tensor[] backward(CpuBackend backend, Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor h0, CpuTensor c0,
                             CpuTensor kernel, CpuTensor recurrentKernel, CpuTensor bias, Tensor[] forward,
                             CpuTensor dSequence, CpuTensor dLastH, CpuTensor dLastC) {
        Geometry g = geometry(cell, x, recurrentKernel);
        Shape seqShape = Shape.of(g.n, g.t, g.u);
        Shape state = Shape.of(g.n, g.u);
        Tensor[] again = null;
        Tensor[] fw = forward;
        boolean usable = fw != null && fw.length >= 4 && fits(fw[0], DType.FLOAT32, seqShape)
                && fits(fw[1], DType.FLOAT32, state) && (!g.lstm() || fits(fw[2], DType.FLOAT32, state))
                && isWorkspace(dnnl, g, fw[3]);
        CpuTensor[] owned = new CpuTensor[16];
        int nOwned = 0;
        CpuTensor dx = null;
        CpuTensor dh0 = null;
        CpuTensor dc0 = null;
        CpuTensor dw = null;
        CpuTensor du = null;
        CpuTensor db = null;
        try {
            if (!usable) {
                // No workspace of ours (a forward call without training): run the training forward pass again.
                again = forward(backend, dnnl, cell, x, h0, c0, kernel, recurrentKernel, bias, true);
                fw = again;
            }
            CpuTensor seq = (CpuTensor) fw[0];
            CpuTensor lastH = (CpuTensor) fw[1];
            CpuTensor lastC = (CpuTensor) fw[2];
            CpuTensor workspace = (CpuTensor) fw[3];
            CpuTensor b = owned[nOwned++] = forwardBias(backend, g, bias);
            CpuTensor dSeq = dSequence != null ? dSequence : (owned[nOwned++] = zeros(backend, seqShape));
            CpuTensor dH = dLastH != null ? dLastH : (owned[nOwned++] = zeros(backend, state));
            CpuTensor dC = !g.lstm() ? null : dLastC != null ? dLastC : (owned[nOwned++] = zeros(backend, state));
            // The kernels in the layout the backward primitive chose.
            CpuTensor wl = owned[nOwned++] = reorderWeights(backend, dnnl, g, kernel, true);
            CpuTensor wi = owned[nOwned++] = reorderWeights(backend, dnnl, g, recurrentKernel, false);
            dx = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
            dh0 = CpuTensor.allocate(backend, state, DType.FLOAT32);
            dc0 = g.lstm() ? CpuTensor.allocate(backend, state, DType.FLOAT32) : null;
            dw = zeros(backend, kernel.shape());
            du = zeros(backend, recurrentKernel.shape());
            CpuTensor dbRaw = owned[nOwned++] = zeros(backend, Shape.of(g.biasGates() * g.u));
            Pointer[] handles = g.lstm()
                    ? new Pointer[] {x.pointer(), h0.pointer(), c0.pointer(), wl.pointer(), wi.pointer(), b.pointer(),
                        seq.pointer(), lastH.pointer(), lastC.pointer(), dSeq.pointer(), dH.pointer(), dC.pointer(),
                        workspace.pointer(), dx.pointer(), dh0.pointer(), dc0.pointer(), dw.pointer(), du.pointer(),
                        dbRaw.pointer()}
                    : new Pointer[] {x.pointer(), h0.pointer(), wl.pointer(), wi.pointer(), b.pointer(),
                        seq.pointer(), lastH.pointer(), dSeq.pointer(), dH.pointer(), workspace.pointer(),
                        dx.pointer(), dh0.pointer(), dw.pointer(), du.pointer(), dbRaw.pointer()};
            dnnl.run(Key.of("rnn bwd", g.key(0)), () -> backwardPrimitive(dnnl, g), handles);
            if (bias != null) {
                db = backwardBias(backend, g, dbRaw);
            }
            return new Tensor[] {dx, dh0, dc0, dw, du, db};
        } catch (RuntimeException | Error e) {
            close(dx, dh0, dc0, dw, du, db);
            throw e;
        } finally {
            for (int k = 0; k < nOwned; k++) {
                owned[k].close();
            }
            if (again != null) {
                for (Tensor t : again) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }
    }

    private static CpuTensor zeros(CpuBackend backend, Shape s) {
        CpuTensor t = CpuTensor.allocate(backend, s, DType.FLOAT32);
        Pointer.memset(t.pointer(), 0, t.memory().bytes());
        return t;
    }

    /** oneDNN's bias gradient in Keras's shape: as is, or the GRU's four rows back to {@code [2, 3 units]}. */
    private static CpuTensor backwardBias(CpuBackend backend, Geometry g, CpuTensor raw) {
        if (g.cell != RnnCell.GRU) {
            CpuTensor r = CpuTensor.allocate(backend, Shape.of(g.gates() * g.u), DType.FLOAT32);
            Pointer.memcpy(r.pointer(), raw.pointer(), r.memory().bytes());
            return r;
        }
        int u = Math.toIntExact(g.u);
        CpuTensor r = CpuTensor.allocate(backend, Shape.of(2, 3L * u), DType.FLOAT32);
        FloatBuffer in = raw.buffer().asFloatBuffer();
        FloatBuffer out = r.buffer().asFloatBuffer();
        for (int j = 0; j < 2 * u; j++) {
            // z and r: one oneDNN bias stands for both Keras rows, so each row gets its whole gradient.
            out.put(j, in.get(j));
            out.put(3 * u + j, in.get(j));
        }
        for (int j = 0; j < u; j++) {
            out.put(2 * u + j, in.get(2 * u + j));
            out.put(5 * u + j, in.get(3 * u + j));
        }
        return r;
    }

    /** A kernel reordered from {@code ldigo} (Keras's layout) into the backward primitive's weights layout. */
    private static CpuTensor reorderWeights(CpuBackend backend, Dnnl dnnl, Geometry g, CpuTensor w, boolean layer) {
        Key key = Key.of(layer ? "rnn bwd weights layer" : "rnn bwd weights iter", g.key(0));
        Supplier<Primitive> factory = () -> weightsReorder(dnnl, g, layer);
        long bytes = dnnl.argBytes(key, factory, DNNL_ARG_TO);
        CpuTensor out = CpuTensor.allocate(backend, Shape.of(Math.max(1, (bytes + 3) / 4)), DType.FLOAT32);
        try {
            dnnl.run(key, factory, w.pointer(), out.pointer());
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private static Primitive weightsReorder(Dnnl dnnl, Geometry g, boolean layer) {
        dnnl_primitive_desc bwd = backwardDesc(dnnl, g);
        long[] dims = g.weights(layer ? g.i : g.u);
        dnnl_memory_desc from = Dnnl.desc(dims, Dnnl.rowMajor(dims), dnnl_f32);
        try {
            dnnl_memory_desc to = dnnl_primitive_desc_query_md(bwd, dnnl_query_exec_arg_md,
                    layer ? DNNL_ARG_WEIGHTS_LAYER : DNNL_ARG_WEIGHTS_ITER);
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            Dnnl.created(dnnl_reorder_primitive_desc_create(pd, from, dnnl.engine(), to, dnnl.engine(), dnnl.attr()), pd,
                    "reorder_primitive_desc_create (rnn weights)");
            return new Primitive(dnnl.engine(), pd, DNNL_ARG_FROM, DNNL_ARG_TO);
        } finally {
            Dnnl.destroy(from);
            // The queried descriptor belongs to the primitive descriptor and goes with it.
            dnnl_primitive_desc_destroy(bwd);
        }
    }

    private static Primitive backwardPrimitive(Dnnl dnnl, Geometry g) {
        dnnl_primitive_desc pd = backwardDesc(dnnl, g);
        return g.lstm()
                ? new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER, DNNL_ARG_SRC_ITER_C,
                        DNNL_ARG_WEIGHTS_LAYER, DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS, DNNL_ARG_DST_LAYER,
                        DNNL_ARG_DST_ITER, DNNL_ARG_DST_ITER_C, DNNL_ARG_DIFF_DST_LAYER, DNNL_ARG_DIFF_DST_ITER,
                        DNNL_ARG_DIFF_DST_ITER_C, DNNL_ARG_WORKSPACE, DNNL_ARG_DIFF_SRC_LAYER,
                        DNNL_ARG_DIFF_SRC_ITER, DNNL_ARG_DIFF_SRC_ITER_C, DNNL_ARG_DIFF_WEIGHTS_LAYER,
                        DNNL_ARG_DIFF_WEIGHTS_ITER, DNNL_ARG_DIFF_BIAS)
                : new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER, DNNL_ARG_WEIGHTS_LAYER,
                        DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS, DNNL_ARG_DST_LAYER, DNNL_ARG_DST_ITER,
                        DNNL_ARG_DIFF_DST_LAYER, DNNL_ARG_DIFF_DST_ITER, DNNL_ARG_WORKSPACE,
                        DNNL_ARG_DIFF_SRC_LAYER, DNNL_ARG_DIFF_SRC_ITER, DNNL_ARG_DIFF_WEIGHTS_LAYER,
                        DNNL_ARG_DIFF_WEIGHTS_ITER, DNNL_ARG_DIFF_BIAS);
    }

    /** The backward primitive descriptor (the caller owns it), with the forward-training one as its hint. */
    private static dnnl_primitive_desc backwardDesc(Dnnl dnnl, Geometry g) {
        dnnl_primitive_desc hint = forwardDesc(dnnl, g, dnnl_forward_training);
        Descs d = new Descs(g, true);
        Descs diff = new Descs(g, false);
        try {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            int dir = dnnl_unidirectional_left2right;
            int status = switch (g.cell) {
                case SIMPLE_TANH, SIMPLE_RELU -> dnnl_vanilla_rnn_backward_primitive_desc_create(pd, dnnl.engine(),
                        dnnl_backward, activation(g.cell), dir, d.srcLayer, d.srcIter, d.weightsLayer,
                        d.weightsIter, d.bias, d.dstLayer, d.dstIter, diff.srcLayer, diff.srcIter,
                        diff.weightsLayer, diff.weightsIter, diff.bias, diff.dstLayer, diff.dstIter,
                        dnnl_rnn_flags_undef, 0f, 0f, hint, dnnl.attr());
                case LSTM -> dnnl_lstm_backward_primitive_desc_create(pd, dnnl.engine(), dnnl_backward, dir,
                        d.srcLayer, d.srcIter, d.srcIterC, d.weightsLayer, d.weightsIter, null, null, d.bias,
                        d.dstLayer, d.dstIter, d.dstIterC, diff.srcLayer, diff.srcIter, diff.srcIterC,
                        diff.weightsLayer, diff.weightsIter, null, null, diff.bias, diff.dstLayer, diff.dstIter,
                        diff.dstIterC, dnnl_rnn_flags_undef, hint, dnnl.attr());
                case GRU -> dnnl_lbr_gru_backward_primitive_desc_create(pd, dnnl.engine(), dnnl_backward, dir,
                        d.srcLayer, d.srcIter, d.weightsLayer, d.weightsIter, d.bias, d.dstLayer, d.dstIter,
                        diff.srcLayer, diff.srcIter, diff.weightsLayer, diff.weightsIter, diff.bias, diff.dstLayer,
                        diff.dstIter, dnnl_rnn_flags_undef, hint, dnnl.attr());
            };
            return Dnnl.created(status, pd, "rnn backward primitive_desc_create (" + g.cell + ")");
        } finally {
            d.close();
            diff.close();
            dnnl_primitive_desc_destroy(hint);
        }
    }

    /** The memory descriptors of one primitive; the weights either in Keras's {@code ldigo} or left to oneDNN. */
    private static final class Descs {
        final dnnl_memory_desc srcLayer;
        final dnnl_memory_desc srcIter;
        final dnnl_memory_desc srcIterC;
        final dnnl_memory_desc weightsLayer;
        final dnnl_memory_desc weightsIter;
        final dnnl_memory_desc bias;
        final dnnl_memory_desc dstLayer;
        final dnnl_memory_desc dstIter;
        final dnnl_memory_desc dstIterC;

        /** @param anyWeights leave the weights' layout to oneDNN (the backward primitive) instead of {@code ldigo} */
        Descs(Geometry g, boolean anyWeights) {
            long[] st = g.state();
            long[] wl = g.weights(g.i);
            long[] wi = g.weights(g.u);
            long[] b = g.bias();
            srcLayer = Dnnl.desc(g.layer(g.i), g.layerStrides(g.i), dnnl_f32);
            srcIter = Dnnl.desc(st, Dnnl.rowMajor(st), dnnl_f32);
            srcIterC = g.lstm() ? Dnnl.desc(st, Dnnl.rowMajor(st), dnnl_f32) : null;
            weightsLayer = anyWeights ? Dnnl.any(wl, dnnl_f32) : Dnnl.desc(wl, Dnnl.rowMajor(wl), dnnl_f32);
            weightsIter = anyWeights ? Dnnl.any(wi, dnnl_f32) : Dnnl.desc(wi, Dnnl.rowMajor(wi), dnnl_f32);
            bias = Dnnl.desc(b, Dnnl.rowMajor(b), dnnl_f32);
            dstLayer = Dnnl.desc(g.layer(g.u), g.layerStrides(g.u), dnnl_f32);
            dstIter = Dnnl.desc(st, Dnnl.rowMajor(st), dnnl_f32);
            dstIterC = g.lstm() ? Dnnl.desc(st, Dnnl.rowMajor(st), dnnl_f32) : null;
        }

        void close() {
            Dnnl.destroy(srcLayer, srcIter, srcIterC, weightsLayer, weightsIter, bias, dstLayer, dstIter, dstIterC);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static Pointer[] append(Pointer[] ps, Pointer p) {
        Pointer[] r = java.util.Arrays.copyOf(ps, ps.length + 1);
        r[ps.length] = p;
        return r;
    }

    private static void close(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }
}
