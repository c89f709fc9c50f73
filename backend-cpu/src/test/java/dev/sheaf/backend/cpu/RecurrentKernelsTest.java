package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two float32 recurrent paths of the CPU backend, oneDNN's RNN primitives ({@link Recurrent}) and oneDNN matmuls
 * with fused Java gate loops ({@link RecurrentKernels}), give the same results on the same inputs: every cell, with
 * and without bias, one and several steps, with and without upstream gradients; a saved tensor is read by the path
 * that made it; and the Java path keeps tensor memory flat.
 */
class RecurrentKernelsTest {
    private static Backend previous;
    private static CpuBackend cpu;
    private static final String MODE = RecurrentKernels.mode;

    @BeforeAll
    static void useCpu() {
        previous = Sheaf.backend();
        cpu = (CpuBackend) Sheaf.setBackend("cpu");
    }

    @AfterAll
    static void restore() {
        Sheaf.setBackend(previous);
    }

    @AfterEach
    void resetMode() {
        RecurrentKernels.mode = MODE;
    }

    private static Tensor[] inputs(RnnCell cell, int batch, int time, int input, int units, boolean bias) {
        int gu = cell.gates() * units;
        return new Tensor[] {
            cpu.randomNormal(Shape.of(batch, time, input), DType.FLOAT32, 0, 1, 11),
            cpu.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 0.5, 12),
            cell == RnnCell.LSTM ? cpu.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 0.5, 13) : null,
            cpu.randomUniform(Shape.of(input, gu), DType.FLOAT32, -0.5, 0.5, 14),
            cpu.randomUniform(Shape.of(units, gu), DType.FLOAT32, -0.5, 0.5, 15),
            !bias ? null
                : cpu.randomUniform(cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), DType.FLOAT32, -0.3, 0.3,
                    16)};
    }

    private static void close(float tol, Tensor want, Tensor got, String what) {
        if (want == null) {
            assertNull(got, what);
            return;
        }
        float[] e = want.toFloatArray();
        float[] a = got.toFloatArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])),
                    what + " [" + i + "]: " + e[i] + " vs " + a[i]);
        }
    }

    private static Tensor[] run(String mode, RnnCell cell, Tensor[] in, boolean withUpstream, int time, int units,
                                boolean inferenceForward) {
        RecurrentKernels.mode = mode;
        int batch = (int) in[0].shape().dim(0);
        Tensor[] fw = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], !inferenceForward);
        Tensor dSeq = withUpstream ? cpu.randomNormal(Shape.of(batch, time, units), DType.FLOAT32, 0, 1, 21) : null;
        Tensor dH = withUpstream ? cpu.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 1, 22) : null;
        Tensor dC = withUpstream && cell == RnnCell.LSTM
                ? cpu.randomNormal(Shape.of(batch, units), DType.FLOAT32, 0, 1, 23) : null;
        if (!withUpstream) {
            // Only the last state's gradient given (the others null = zeros), as a model using lastH only does.
            dH = cpu.full(Shape.of(batch, units), DType.FLOAT32, 1.0);
        }
        Tensor[] bw = cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], fw, dSeq, dH, dC);
        Tensor[] all = new Tensor[9];
        all[0] = fw[0];
        all[1] = fw[1];
        all[2] = fw[2];
        System.arraycopy(bw, 0, all, 3, 6);
        return all;
    }

    @Test
    void bothPathsAgree() {
        String[] names = {"sequence", "lastH", "lastC", "dx", "dh0", "dc0", "dKernel", "dRecurrent", "dBias"};
        for (RnnCell cell : RnnCell.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (int time : new int[] {1, 5}) {
                    for (boolean upstream : new boolean[] {true, false}) {
                        for (boolean inference : new boolean[] {false, true}) {
                            try (TensorScope scope = TensorScope.open()) {
                                Tensor[] in = inputs(cell, 4, time, 3, 7, bias);
                                Tensor[] want = run("onednn", cell, in, upstream, time, 7, inference);
                                Tensor[] got = run("java", cell, in, upstream, time, 7, inference);
                                for (int k = 0; k < names.length; k++) {
                                    close(2e-5f, want[k], got[k], cell + " bias=" + bias + " time=" + time
                                            + " upstream=" + upstream + " inferenceForward=" + inference + ": "
                                            + names[k]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aSavedTensorIsReadByThePathThatMadeIt() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor[] in = inputs(cell, 3, 4, 2, 5, true);
                Tensor dSeq = cpu.randomNormal(Shape.of(3, 4, 5), DType.FLOAT32, 0, 1, 9);
                RecurrentKernels.mode = "java";
                Tensor[] javaFw = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], true);
                assertEquals(3, javaFw[3].shape().rank());
                RecurrentKernels.mode = "onednn";
                Tensor[] dnnlFw = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], true);
                assertEquals(1, dnnlFw[3].shape().rank());
                // Switch paths between forward and backward: each saved tensor still goes to its own maker.
                Tensor[] a = cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], javaFw, dSeq, null, null);
                RecurrentKernels.mode = "java";
                Tensor[] b = cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], dnnlFw, dSeq, null, null);
                for (int k = 0; k < 6; k++) {
                    if (a[k] != null) {
                        close(2e-5f, a[k], b[k], cell + " gradient " + k);
                    }
                }
            }
        }
    }

    @Test
    void repeatedStepsKeepMemoryFlat() {
        RecurrentKernels.mode = "java";
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope outer = TensorScope.open()) {
                Tensor[] in = inputs(cell, 8, 6, 3, 5, true);
                long inUse0 = 0;
                long primitives0 = 0;
                for (int step = 0; step < 40; step++) {
                    if (step == 5) {
                        inUse0 = cpu.memoryStats().bytesInUse();
                        primitives0 = cpu.primitivesCreated();
                    }
                    try (TensorScope s = TensorScope.open()) {
                        Tensor[] fw = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], true);
                        cpu.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], fw, fw[0], null, null);
                        cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], false);
                    }
                }
                assertEquals(inUse0, cpu.memoryStats().bytesInUse(), cell + ": tensor memory leaked");
                assertEquals(primitives0, cpu.primitivesCreated(), cell + ": a warm step created primitives");
            }
        }
    }

    @Test
    void autoTakesTheJavaPathExactlyWhenOneDnnRunsItsReferenceRnnOnOneThread() throws Exception {
        RecurrentKernels.mode = "auto";
        Dnnl dnnl;
        try {
            java.lang.reflect.Field f = CpuBackend.class.getDeclaredField("dnnl");
            f.setAccessible(true);
            dnnl = (Dnnl) f.get(cpu);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        try (TensorScope scope = TensorScope.open()) {
            for (RnnCell cell : RnnCell.values()) {
                Tensor[] in = inputs(cell, 4, 3, 2, 5, true);
                CpuTensor x = (CpuTensor) in[0];
                CpuTensor u = (CpuTensor) in[4];
                String impl = Recurrent.implementation(dnnl, cell, x, u);
                System.out.println("oneDNN RNN implementation for " + cell + ": " + impl);
                boolean java = impl.startsWith("ref") && Parallel.threads() <= RecurrentKernels.JAVA_MAX_THREADS;
                assertEquals(java, RecurrentKernels.chosen(dnnl, cell, x, u), impl);
                Tensor[] fw = cpu.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], true);
                assertEquals(java ? 3 : 1, fw[3].shape().rank(), impl);
            }
        }
    }

    @Test
    void fastTanhAndSigmoidAreWithinTheKitsTolerance() {
        for (double x = -40; x <= 40; x += 1e-3) {
            float f = (float) x;
            double t = Math.tanh(f);
            double s = 1 / (1 + Math.exp(-(double) f));
            assertTrue(Math.abs(RecurrentKernels.tanh(f) - t) <= 1e-6 + 1e-5 * Math.abs(t), "tanh " + f);
            assertTrue(Math.abs(RecurrentKernels.sigmoid(f) - s) <= 1e-6 + 1e-5 * Math.abs(s), "sigmoid " + f);
        }
        assertTrue(Float.isNaN(RecurrentKernels.tanh(Float.NaN)));
        assertEquals(1f, RecurrentKernels.tanh(Float.POSITIVE_INFINITY));
        assertEquals(0f, RecurrentKernels.sigmoid(Float.NEGATIVE_INFINITY));
    }
}
