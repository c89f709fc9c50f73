package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsValuesTest {
    private static final float EPS = 1e-5f;

    private static void near(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), EPS);
    }

    @Test
    void matmulFollowsNumpyRules() {
        Tensor a = Ops.constant(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Ops.constant(new float[] {5, 6, 7, 8}, 2, 2);
        near(new float[] {19, 22, 43, 50}, Ops.matmul(a, b));
        Tensor v = Ops.constant(new float[] {1, 1});
        Tensor mv = Ops.matmul(a, v);
        assertEquals(Shape.of(2), mv.shape());
        near(new float[] {3, 7}, mv);
        Tensor vm = Ops.matmul(v, a);
        assertEquals(Shape.of(2), vm.shape());
        near(new float[] {4, 6}, vm);
        Tensor vv = Ops.matmul(v, v);
        assertEquals(Shape.scalar(), vv.shape());
        assertEquals(2f, vv.item());
        near(new float[] {26, 30, 38, 44}, Ops.matmul(a, b, true, false));
        Tensor batched = Ops.matmul(Ops.reshape(Ops.arange(0.0, 8.0, 1.0), 2, 2, 2), a);
        assertEquals(Shape.of(2, 2, 2), batched.shape());
        near(new float[] {3, 4, 11, 16, 19, 28, 27, 40}, batched);
        Tensor d = Ops.dot(Ops.ones(2, 3, 4), Ops.ones(5, 4, 6));
        assertEquals(Shape.of(2, 3, 5, 6), d.shape());
        assertEquals(4f, Ops.max(d).item());
    }

    @Test
    void elementwiseValues() {
        Tensor x = Ops.constant(new float[] {-2, -0.5f, 0, 1.5f});
        near(new float[] {2, 0.5f, 0, 1.5f}, Ops.abs(x));
        near(new float[] {0, 0, 0, 1.5f}, Ops.relu(x));
        near(new float[] {-1, -0.5f, 0, 1}, Ops.clip(x, -1, 1));
        near(new float[] {-2, 0, 0, 2}, Ops.round(Ops.multiply(x, 1.0)).add(Ops.constant(new float[] {0, 0, 0, 0})));
        near(new float[] {4, 0.25f, 0, 2.25f}, Ops.power(x, 2));
        near(new float[] {0, 0, 0, 1.5f}, Ops.maximum(x, 0.0));
        near(new float[] {-2, -0.5f, 9, 9}, Ops.where(Ops.less(x, 0.0), x, 9.0));
        near(new float[] {(float) Math.log(2), 1.0f / (1 + (float) Math.exp(-1.5))},
                Ops.concatenate(List.of(Ops.softplus(Ops.scalar(0).reshape(1)),
                        Ops.sigmoid(Ops.constant(new float[] {1.5f})))));
    }

    @Test
    void activationValuesMatchKeras() {
        Tensor x = Ops.constant(new float[] {-1, 0, 1});
        near(new float[] {-0.15865525f, 0, 0.8413447f}, Ops.gelu(x));
        near(new float[] {-0.15880801f, 0, 0.841192f}, Ops.gelu(x, true));
        near(new float[] {(float) Math.expm1(-1), 0, 1}, Ops.elu(x));
        near(new float[] {-1.1113307f, 0, 1.050701f}, Ops.selu(x));
        near(new float[] {-0.5f, 0, 0.5f}, Ops.softsign(x));
        near(new float[] {1 / 3f, 0.5f, 2 / 3f}, Ops.hardSigmoid(x));
        near(new float[] {-0.26894142f, 0, 0.7310586f}, Ops.silu(x));
        near(new float[] {-0.2f, 0, 1}, Ops.leakyRelu(x));
        near(new float[] {0, 0, 1}, Ops.relu6(x));
        near(new float[] {6, 6}, Ops.relu6(Ops.constant(new float[] {6, 7})));
    }

    @Test
    void softmaxAndReductions() {
        Tensor x = Ops.constant(new float[] {1, 2, 3, 1, 1, 1}, 2, 3);
        float e1 = (float) Math.exp(1), e2 = (float) Math.exp(2), e3 = (float) Math.exp(3);
        float s = e1 + e2 + e3;
        near(new float[] {e1 / s, e2 / s, e3 / s, 1 / 3f, 1 / 3f, 1 / 3f}, Ops.softmax(x));
        near(new float[] {(float) Math.log(e1 / s), (float) Math.log(1 / 3.0)},
                Ops.slice(Ops.logSoftmax(x), new int[] {0, 0}, new int[] {2, 1}).reshape(-1));
        near(new float[] {(float) Math.log(s), (float) Math.log(3 * e1)}, Ops.logsumexp(x, 1));
        near(new float[] {6, 3}, Ops.sum(x, 1));
        near(new float[] {1, 1.5f, 2}, Ops.mean(x, 0));
        near(new float[] {6, 1}, Ops.prod(x, 1));
        near(new float[] {3, 1}, Ops.max(x, 1));
        assertEquals(Shape.of(2, 1), Ops.max(x, new int[] {1}, true).shape());
        near(new float[] {2f / 3, 0}, Ops.var(x, 1));
        near(new float[] {(float) Math.sqrt(2.0 / 3), 0}, Ops.std(x, 1));
        assertArrayEquals(new long[] {2, 0}, Ops.argmax(x, 1).toLongArray());
        assertEquals(2, Ops.argmax(x).itemAsLong());
        assertArrayEquals(new long[] {0, 0}, Ops.argmin(x, 1).toLongArray());
        assertEquals(9f, Ops.sum(x).item(), EPS);
    }

    @Test
    void shapeOps() {
        Tensor x = Ops.reshape(Ops.arange(6), 2, 3);
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, Ops.transpose(x).toIntArray());
        assertEquals(Shape.of(1, 2, 3), Ops.expandDims(x, 0).shape());
        assertEquals(Shape.of(2, 3, 1), Ops.expandDims(x, -1).shape());
        assertEquals(Shape.of(2, 3), Ops.squeeze(Ops.expandDims(x, 1)).shape());
        assertEquals(Shape.of(6), Ops.flatten(x).shape());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, Ops.tile(x, 1, 2).toIntArray());
        assertEquals(Shape.of(2, 2, 3), Ops.stack(List.of(x, x)).shape());
        assertEquals(Shape.of(2, 3, 2), Ops.stack(List.of(x, x), -1).shape());
        List<Tensor> parts = Ops.split(x, 3, 1);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[] {1, 4}, parts.get(1).toIntArray());
        List<Tensor> cuts = Ops.split(Ops.arange(5), new int[] {1, 3}, 0);
        assertArrayEquals(new int[] {1, 2}, cuts.get(1).toIntArray());
        assertArrayEquals(new int[] {3, 4}, cuts.get(2).toIntArray());
        assertArrayEquals(new int[] {0, 1, 2, 0, 3, 4, 5, 0}, Ops.pad(x, new int[][] {{0, 0}, {0, 1}}).toIntArray());
        assertArrayEquals(new int[] {2, 0, 5, 3}, Ops.gather(x, Ops.constant(new int[] {-1, 0}), 1).toIntArray());
        assertArrayEquals(new int[] {5, 1}, Ops.take(x, Ops.constant(new long[] {5, 1})).toIntArray());
        near(new float[] {0, 1, 0, 0, 0, 1}, Ops.oneHot(Ops.constant(new int[] {1, 2}), 3));
        assertArrayEquals(new int[] {3, 4, 5, 3, 4, 5}, Ops.broadcastTo(Ops.arange(3, 6), 2, 3).toIntArray());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 0, 1, 2}, Ops.concatenate(List.of(x, Ops.slice(x,
                new int[] {0, 0}, new int[] {1, -1}))).toIntArray());
        assertEquals(DType.FLOAT32, Ops.cast(x, DType.FLOAT32).dtype());
        assertNotSame(x, Ops.copy(x));
    }

    @Test
    void creation() {
        assertArrayEquals(new int[] {5, 3, 1}, Ops.arange(5, 0, -2).toIntArray());
        near(new float[] {0, 0.5f, 1, 1.5f}, Ops.arange(0.0, 2.0, 0.5));
        near(new float[] {1, 0, 0, 0, 1, 0}, Ops.eye(2, 3));
        assertEquals(Shape.of(2, 3), Ops.zeros(2, 3).shape());
        near(new float[] {7, 7}, Ops.full(Shape.of(2), 7));
        assertEquals(DType.INT64, Ops.onesLike(Ops.constant(new long[] {4})).dtype());
        float[] u1 = Ops.uniform(Shape.of(100), -1, 1, 42).toFloatArray();
        assertArrayEquals(u1, Ops.uniform(Shape.of(100), -1, 1, 42).toFloatArray());
        for (float v : u1) {
            assertEquals(0, v, 1.0);
        }
        for (float v : Ops.truncatedNormal(Shape.of(200), 0, 1, 7).toFloatArray()) {
            assertEquals(0, v, 2.0);
        }
        Sheaf.setSeed(3);
        float[] n1 = Ops.normal(Shape.of(5), 0, 1).toFloatArray();
        Sheaf.setSeed(3);
        assertArrayEquals(n1, Ops.normal(Shape.of(5), 0, 1).toFloatArray());
        assertEquals(DType.BOOL, Ops.bernoulli(Shape.of(3), 0.5).dtype());
    }

    @Test
    void convAndPooling() {
        Tensor x = Ops.constant(new float[] {1, 2, 3}, 1, 3, 1);
        Tensor k = Ops.constant(new float[] {1, 1}, 2, 1, 1);
        near(new float[] {3, 5}, Ops.conv(x, k, ConvSpec.simple(1)));
        Tensor p = Ops.constant(new float[] {1, 3, 2, 4}, 1, 4, 1);
        near(new float[] {3, 4}, Ops.maxPool(p, PoolSpec.of(1, 2)));
        near(new float[] {2, 3}, Ops.avgPool(p, PoolSpec.of(1, 2)));
    }

    @Test
    void tensorConvenienceMethodsDelegate() {
        Tensor x = Ops.constant(new float[] {1, 2, 3, 4}, 2, 2);
        near(new float[] {3, 5, 7, 9}, x.mul(2).add(1));
        near(new float[] {10}, x.sum().reshape(1));
        near(new float[] {1, 3, 2, 4}, x.transpose());
        near(new float[] {7, 10, 15, 22}, x.matmul(x));
        near(new float[] {0, 1, 2, 3}, x.sub(1).relu());
        near(new float[] {0.5f, 1, 1.5f, 2}, x.div(2));
        assertEquals(DType.INT32, x.cast(DType.INT32).dtype());
    }
}
