package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Convolution under every layout policy ({@link Convolution.Layouts}): the same results as the reference backend
 * whether oneDNN runs on Sheaf's channels-last strides or on layouts of its own with reorders around it, and a warm
 * training step that creates no primitive and keeps no blocked copy.
 */
class ConvolutionLayoutsTest {
    private record Conv(Shape x, Shape kernel, ConvSpec spec) {
    }

    private static ConvSpec spec(int[] strides, int[][] padding, int[] dilation, int groups) {
        return new ConvSpec(strides, padding, dilation, groups);
    }

    private static final List<Conv> CONVS = List.of(
            // A single input channel (W2's first layer), and 32 -> 64 channels (its second).
            new Conv(Shape.of(4, 12, 12, 1), Shape.of(3, 3, 1, 8), ConvSpec.simple(2)),
            new Conv(Shape.of(3, 9, 9, 32), Shape.of(3, 3, 32, 64), ConvSpec.simple(2)),
            // 64 input channels (all-any backward weights), same padding, stride 2.
            new Conv(Shape.of(2, 10, 10, 64), Shape.of(3, 3, 64, 16),
                    spec(new int[] {2, 2}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1}, 1)),
            // Groups, dilation, asymmetric padding; depthwise; 1-d; 3-d.
            new Conv(Shape.of(2, 11, 10, 8), Shape.of(3, 2, 4, 12),
                    spec(new int[] {1, 2}, new int[][] {{2, 0}, {1, 1}}, new int[] {2, 1}, 2)),
            new Conv(Shape.of(2, 8, 8, 16), Shape.of(3, 3, 1, 16),
                    spec(new int[] {1, 1}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1}, 16)),
            new Conv(Shape.of(3, 20, 5), Shape.of(5, 5, 7),
                    spec(new int[] {3}, new int[][] {{2, 1}}, new int[] {1}, 1)),
            new Conv(Shape.of(2, 5, 6, 4, 3), Shape.of(2, 3, 2, 3, 8),
                    spec(new int[] {1, 1, 2}, new int[][] {{0, 1}, {1, 1}, {0, 0}}, new int[] {1, 1, 1}, 1)));

    private final Backend ref = Registry.global().backend("reference");

    @AfterEach
    void restore() {
        Convolution.layouts = Convolution.Layouts.AUTO;
    }

    private static Tensor random(Backend b, Shape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[s.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return b.fromFloats(v, s);
    }

    private static void assertClose(Tensor want, Tensor got, double magnitude, String what) {
        assertEquals(want.shape(), got.shape(), what);
        float[] w = want.toFloatArray();
        float[] g = got.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], 1e-5 * magnitude, what + " element " + i);
        }
    }

    @Test
    void everyPolicyAgreesWithTheReference() {
        try (CpuBackend cpu = new CpuBackend()) {
            for (Convolution.Layouts policy : Convolution.Layouts.values()) {
                Convolution.layouts = policy;
                for (Conv c : CONVS) {
                    String what = policy + " " + c;
                    Shape out = Convolution.outputShape(c.x(), c.kernel(), c.spec());
                    try (Tensor x = random(cpu, c.x(), 1); Tensor k = random(cpu, c.kernel(), 2);
                         Tensor g = random(cpu, out, 3);
                         Tensor rx = ref.transfer(x); Tensor rk = ref.transfer(k); Tensor rg = ref.transfer(g);
                         Tensor y = cpu.conv(x, k, c.spec()); Tensor ry = ref.conv(rx, rk, c.spec());
                         Tensor dx = cpu.convBackwardData(g, k, c.x(), c.spec());
                         Tensor rdx = ref.convBackwardData(rg, rk, c.x(), c.spec());
                         Tensor dk = cpu.convBackwardFilter(x, g, c.kernel(), c.spec());
                         Tensor rdk = ref.convBackwardFilter(rx, rg, c.kernel(), c.spec())) {
                        // Tolerances scale with the number of products summed into one element.
                        assertClose(ry, y, c.kernel().elementCount() / c.kernel().dim(-1), what + " forward");
                        assertClose(rdx, dx, c.kernel().elementCount() / c.kernel().dim(-2), what + " backward data");
                        assertClose(rdk, dk, out.elementCount() / out.dim(-1), what + " backward weights");
                    }
                }
            }
        }
    }

    @Test
    void aWarmTrainingStepCreatesNothingAndKeepsNoBlockedCopies() {
        for (Convolution.Layouts policy : new Convolution.Layouts[] {Convolution.Layouts.AUTO,
            Convolution.Layouts.ANY}) {
            Convolution.layouts = policy;
            try (CpuBackend cpu = new CpuBackend()) {
                Conv c = CONVS.get(1);
                Shape out = Convolution.outputShape(c.x(), c.kernel(), c.spec());
                try (Tensor x = random(cpu, c.x(), 4); Tensor k = random(cpu, c.kernel(), 5);
                     Tensor g = random(cpu, out, 6)) {
                    long created = -1;
                    long inUse = -1;
                    for (int step = 0; step < 5; step++) {
                        cpu.conv(x, k, c.spec()).close();
                        cpu.convBackwardData(g, k, c.x(), c.spec()).close();
                        cpu.convBackwardFilter(x, g, c.kernel(), c.spec()).close();
                        if (step == 0) {
                            created = cpu.primitivesCreated();
                            inUse = cpu.memoryStats().bytesInUse();
                        }
                        assertEquals(created, cpu.primitivesCreated(), policy + ": step " + step
                                + " created a primitive");
                        assertEquals(inUse, cpu.memoryStats().bytesInUse(), policy + ": step " + step
                                + " kept native memory");
                    }
                    assertTrue(created >= 3, "one cache entry per direction, got " + created);
                }
            }
        }
    }
}
