package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.ops.RnnResult;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN recurrent path beyond the conformance kit: a training loop through {@code Ops.rnn} keeps native memory
 * flat and creates no primitives once warm; a backward pass without a workspace (forward without training) recomputes
 * it; and a float32 LSTM training step gives the reference backend's gradients.
 */
class CpuRecurrentTest {
    private static Backend previous;
    private static CpuBackend cpu;

    @BeforeAll
    static void useCpu() {
        previous = Sheaf.backend();
        cpu = (CpuBackend) Sheaf.setBackend("cpu");
    }

    @AfterAll
    static void restore() {
        Sheaf.setBackend(previous);
    }

    private static Tensor[] inputs(Backend b, RnnCell cell, int batch, int time, int input, int units) {
        int gu = cell.gates() * units;
        return new Tensor[] {
            b.randomNormal(Shape.of(batch, time, input), DType.FLOAT32, 0, 1, 1),
            b.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 0.5, 2),
            cell == RnnCell.LSTM ? b.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 0.5, 3) : null,
            b.randomUniform(Shape.of(input, gu), DType.FLOAT32, -0.5, 0.5, 4),
            b.randomUniform(Shape.of(units, gu), DType.FLOAT32, -0.5, 0.5, 5),
            b.randomUniform(cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), DType.FLOAT32, -0.3, 0.3, 6)};
    }

    @Test
    void aWarmTrainingLoopKeepsMemoryFlatAndCreatesNoPrimitives() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope outer = TensorScope.open()) {
                Tensor[] in = inputs(cpu, cell, 8, 5, 3, 6);
                List<Variable> vars = new ArrayList<>();
                for (int k = 3; k < 6; k++) {
                    vars.add(new Variable("w" + k, Ops.copy(in[k])));
                }
                long inUse0 = 0;
                long primitives0 = 0;
                for (int step = 0; step < 60; step++) {
                    if (step == 10) {
                        inUse0 = cpu.memoryStats().bytesInUse();
                        primitives0 = cpu.primitivesCreated();
                    }
                    try (TensorScope s = TensorScope.open(); GradientTape tape = new GradientTape()) {
                        RnnResult r = Ops.rnn(cell, in[0], in[1], in[2], vars.get(0).value(), vars.get(1).value(),
                                vars.get(2).value());
                        Tensor loss = Ops.add(Ops.mean(Ops.square(r.sequence())), Ops.sum(r.lastH()));
                        List<Tensor> grads = tape.gradient(loss, vars);
                        for (int k = 0; k < vars.size(); k++) {
                            vars.get(k).assignSub(Ops.multiply(grads.get(k), 1e-3));
                        }
                    }
                }
                assertEquals(inUse0, cpu.memoryStats().bytesInUse(), cell + ": tensor memory leaked");
                assertEquals(primitives0, cpu.primitivesCreated(), cell + ": a warm step created primitives");
                vars.forEach(Variable::close);
            }
        }
    }

    @Test
    void backwardAfterAnInferenceForwardRecomputesTheWorkspace() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor[] in = inputs(cpu, cell, 3, 4, 2, 3);
                Tensor dSeq = cpu.randomNormal(Shape.of(3, 4, 3), DType.FLOAT32, 0, 1, 9);
                Tensor[] training = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], true);
                Tensor[] inference = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], false);
                assertEquals(null, inference[3], "no workspace without training");
                Tensor[] a = cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], training, dSeq, null,
                        null);
                Tensor[] b = cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], inference, dSeq, null,
                        null);
                for (int k = 0; k < 6; k++) {
                    if (a[k] != null) {
                        assertArrayEquals(a[k].toFloatArray(), b[k].toFloatArray(), 1e-6f, cell + " gradient " + k);
                    }
                }
            }
        }
    }

    /** The loss and gradients of one LSTM training step on {@code backend}, from the same host values. */
    private static List<float[]> lstmStep(Backend backend) {
        Backend before = Sheaf.backend();
        Sheaf.setBackend(backend);
        try (TensorScope scope = TensorScope.open()) {
            Backend source = Registry.global().backend("reference");
            Tensor[] host = inputs(source, RnnCell.LSTM, 16, 28, 28, 32);
            Tensor[] in = new Tensor[host.length];
            for (int k = 0; k < host.length; k++) {
                in[k] = host[k] == null ? null : backend.transfer(host[k]);
            }
            Tensor w = backend.transfer(source.randomUniform(Shape.of(32, 10), DType.FLOAT32, -0.3, 0.3, 7));
            List<Tensor> sources = List.of(in[3], in[4], in[5], w, in[0]);
            List<float[]> r = new ArrayList<>();
            try (GradientTape tape = new GradientTape()) {
                sources.forEach(tape::watch);
                RnnResult out = Ops.rnn(RnnCell.LSTM, in[0], in[3], in[4], in[5]);
                Tensor logits = Ops.matmul(out.lastH(), w);
                Tensor labels = Ops.oneHot(Ops.arange(16).cast(DType.INT32), 10);
                Tensor loss = Ops.mean(Ops.softmaxCrossEntropy(logits, Ops.cast(labels, DType.FLOAT32), 1));
                r.add(loss.toFloatArray());
                for (Tensor g : tape.gradient(loss, sources)) {
                    assertNotNull(g);
                    r.add(g.toFloatArray());
                }
            }
            return r;
        } finally {
            Sheaf.setBackend(before);
        }
    }

    @Test
    void anLstmTrainingStepMatchesTheReferenceBackend() {
        List<float[]> want = lstmStep(Registry.global().backend("reference"));
        List<float[]> got = lstmStep(cpu);
        for (int k = 0; k < want.size(); k++) {
            float[] e = want.get(k);
            float[] a = got.get(k);
            float max = 0;
            for (float v : e) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max > 0, "part " + k + " is all zeros");
            assertArrayEquals(e, a, 1e-4f * Math.max(1, max), "part " + k + " (loss, dKernel, dRecurrent, dBias,"
                    + " dDense, dx)");
        }
    }
}
