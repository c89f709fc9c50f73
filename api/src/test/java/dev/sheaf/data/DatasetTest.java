package dev.sheaf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Ten samples: x[i] = (i, 10 i, 100 i) and y[i] = i. */
    static Dataset tenSamples() {
        float[] x = new float[30];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = 10 * i;
            x[3 * i + 2] = 100 * i;
            y[i] = i;
        }
        return Dataset.fromTensorSlices(HostArray.of(x, 10, 3), HostArray.of(y));
    }

    /** The y values of one pass, in order. */
    static List<Integer> labels(Dataset ds) {
        List<Integer> r = new ArrayList<>();
        try (CloseableIterator<Element> it = ds.elements()) {
            while (it.hasNext()) {
                for (int v : it.next().y().toIntArray()) {
                    r.add(v);
                }
            }
        }
        return r;
    }

    @Test
    void batchesStackSamplesAndKeepASmallerLastBatch() {
        Dataset ds = tenSamples().batch(4);
        assertEquals(3, ds.cardinality());
        assertTrue(ds.isBatched());
        List<Shape> xShapes = new ArrayList<>();
        try (TensorScope scope = TensorScope.open(); CloseableIterator<Batch> it = ds.iterator()) {
            Batch first = it.next();
            assertEquals(DType.FLOAT32, first.x().dtype());
            assertEquals(DType.INT32, first.y().dtype());
            assertArrayEquals(new float[] {0, 0, 0, 1, 10, 100, 2, 20, 200, 3, 30, 300}, first.x().toFloatArray());
            assertArrayEquals(new int[] {0, 1, 2, 3}, first.y().toIntArray());
            assertNull(first.sampleWeight());
            xShapes.add(first.x().shape());
            while (it.hasNext()) {
                Batch b = it.next();
                xShapes.add(b.x().shape());
                assertEquals(Shape.of(b.x().shape().dim(0)), b.y().shape());
            }
        }
        assertEquals(List.of(Shape.of(4, 3), Shape.of(4, 3), Shape.of(2, 3)), xShapes);
    }

    @Test
    void dropRemainderDropsTheShortBatch() {
        Dataset ds = tenSamples().batch(4, true);
        assertEquals(2, ds.cardinality());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), labels(ds));
    }

    @Test
    void unbatchedElementsAreSingleSamples() {
        try (TensorScope scope = TensorScope.open(); CloseableIterator<Batch> it = tenSamples().iterator()) {
            Batch b = it.next();
            assertEquals(Shape.of(3), b.x().shape());
            assertEquals(Shape.scalar(), b.y().shape());
        }
        assertFalse(tenSamples().isBatched());
        assertEquals(10, tenSamples().cardinality());
    }

    @Test
    void tensorsAreMadeByNextInTheCallersScope() {
        Dataset ds = tenSamples().batch(5);
        Batch b;
        try (TensorScope outer = TensorScope.open(); CloseableIterator<Batch> it = ds.iterator()) {
            assertTrue(it.hasNext());
            try (TensorScope step = TensorScope.open()) {
                b = it.next();
                assertEquals(2, step.trackedCount(), "the step scope owns the batch");
            }
            assertTrue(b.x().isClosed() && b.y().isClosed(), "closing the step scope closed the batch");
            assertEquals(0, outer.trackedCount(), "hasNext created no tensors in the outer scope");
        }
    }

    @Test
    void batchesTakenWithoutAScopeAreTheCallers() {
        try (CloseableIterator<Batch> it = tenSamples().batch(10).iterator()) {
            Batch b = it.next();
            assertFalse(b.x().isClosed());
            b.close();
            assertTrue(b.x().isClosed() && b.y().isClosed());
        }
    }

    @Test
    void shuffleIsAPermutationReproducibleFromItsSeedAndNewEachPass() {
        Dataset a = tenSamples().shuffle(10, 42);
        Dataset b = tenSamples().shuffle(10, 42);
        List<Integer> a0 = labels(a);
        List<Integer> a1 = labels(a);
        assertEquals(a0, labels(b), "pass 0 of equally seeded datasets");
        assertEquals(a1, labels(b), "pass 1 of equally seeded datasets");
        assertNotEquals(a0, a1, "each pass draws a new order");
        List<Integer> sorted = new ArrayList<>(a0);
        sorted.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sorted);
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), a0);
        assertNotEquals(a0, labels(tenSamples().shuffle(10, 43)), "another seed, another order");

        Dataset fixed = tenSamples().shuffle(10, 7, false);
        assertEquals(labels(fixed), labels(fixed), "without reshuffling every pass repeats the order");
    }

    @Test
    void unseededShuffleFollowsTheGlobalSeed() {
        Sheaf.setSeed(5);
        List<Integer> first = labels(tenSamples().shuffle(10));
        Sheaf.setSeed(5);
        assertEquals(first, labels(tenSamples().shuffle(10)));
    }

    @Test
    void aBufferOfOneKeepsTheOrderAndASmallBufferShufflesLocally() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), labels(tenSamples().shuffle(1, 3)));
        List<Integer> local = labels(tenSamples().shuffle(2, 3));
        for (int i = 0; i < local.size(); i++) {
            // With two slots, the element emitted at position i was read by position i + 1.
            assertTrue(local.get(i) <= i + 1, "position " + i + " holds " + local.get(i));
        }
    }

    @Test
    void shuffleBeforeBatchShufflesSamplesAndBatchesStayWhole() {
        Dataset ds = tenSamples().shuffle(10, 1).batch(5);
        List<Integer> l = labels(ds);
        assertEquals(10, l.size());
        assertEquals(45, l.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void repeatConcatenatesPassesAndReshufflesEachOne() {
        Dataset three = tenSamples().repeat(3);
        assertEquals(30, three.cardinality());
        List<Integer> l = labels(three);
        assertEquals(30, l.size());
        assertEquals(labels(tenSamples()), l.subList(20, 30));

        Dataset shuffled = tenSamples().shuffle(10, 9).repeat(2);
        List<Integer> s = labels(shuffled);
        assertNotEquals(s.subList(0, 10), s.subList(10, 20), "each repetition is a new shuffle pass");

        assertEquals(0, tenSamples().repeat(0).cardinality());
        assertEquals(List.of(), labels(tenSamples().repeat(0)));
    }

    @Test
    void repeatForeverWithTake() {
        Dataset forever = tenSamples().repeat();
        assertEquals(Dataset.INFINITE, forever.cardinality());
        Dataset some = forever.take(25);
        assertEquals(25, some.cardinality());
        List<Integer> l = labels(some);
        assertEquals(25, l.size());
        assertEquals(List.of(0, 1, 2, 3, 4), l.subList(20, 25));
        assertEquals(Dataset.INFINITE, tenSamples().batch(3).repeat().cardinality());
    }

    @Test
    void takeLimitsAndCountsElements() {
        assertEquals(List.of(0, 1, 2), labels(tenSamples().take(3)));
        assertEquals(3, tenSamples().take(3).cardinality());
        assertEquals(10, tenSamples().take(50).cardinality());
        assertEquals(10, labels(tenSamples().take(50)).size());
        assertEquals(List.of(), labels(tenSamples().take(0)));
        assertEquals(2, tenSamples().batch(4).take(2).cardinality());
    }

    @Test
    void mapTransformsEveryElement() {
        Dataset ds = tenSamples().map(e -> {
            float[] x = e.x().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                x[i] *= 2;
            }
            return Element.of(HostArray.of(x, 3), e.y());
        }).batch(10);
        try (CloseableIterator<Element> it = ds.elements()) {
            Element e = it.next();
            assertEquals(Shape.of(10, 3), e.x().shape());
            assertArrayEquals(new float[] {2, 20, 200}, Arrays.copyOfRange(e.x().toFloatArray(), 3, 6));
        }
        Dataset bad = tenSamples().map(e -> null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> labels(bad));
        assertTrue(ex.getMessage().contains("returned null"), ex.getMessage());
    }

    @Test
    void prefetchYieldsTheSameElementsFromABackgroundThread() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        Dataset ds = tenSamples().shuffle(10, 4).map(e -> {
            producer.set(Thread.currentThread());
            return e;
        }).batch(3).prefetch(2);
        assertEquals(4, ds.cardinality());
        List<Integer> fetched = labels(ds);
        assertEquals(labels(tenSamples().shuffle(10, 4).batch(3)), fetched);
        assertNotEquals(Thread.currentThread(), producer.get());
        assertTrue(producer.get().isDaemon());
        assertFalse(producer.get().isAlive(), "the producer ends with the pass");
    }

    @Test
    void closingAnAbandonedIterationStopsThePrefetchThread() throws InterruptedException {
        AtomicReference<Thread> producer = new AtomicReference<>();
        AtomicInteger produced = new AtomicInteger();
        Dataset ds = tenSamples().repeat().map(e -> {
            producer.set(Thread.currentThread());
            produced.incrementAndGet();
            return e;
        }).prefetch(3);
        try (CloseableIterator<Batch> it = ds.iterator(); TensorScope scope = TensorScope.open()) {
            it.next();
            it.next();
        }
        Thread t = producer.get();
        t.join(5000);
        assertFalse(t.isAlive(), "close() stopped the producer of an infinite dataset");
        int after = produced.get();
        Thread.sleep(50);
        assertEquals(after, produced.get(), "nothing is produced after close");
    }

    @Test
    void anErrorOnThePrefetchThreadReachesTheConsumer() {
        Dataset ds = tenSamples().map(e -> {
            if (e.y().toIntArray()[0] == 4) {
                throw new IllegalStateException("bad sample 4");
            }
            return e;
        }).prefetch(1);
        try (CloseableIterator<Element> it = ds.elements()) {
            for (int i = 0; i < 4; i++) {
                it.next();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
            assertEquals("bad sample 4", e.getMessage());
        }
    }

    @Test
    void generatorsAreCalledOncePerPassAndHaveUnknownCardinality() {
        AtomicInteger calls = new AtomicInteger();
        Dataset ds = Dataset.fromGenerator(() -> {
            calls.incrementAndGet();
            List<Element> batches = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                batches.add(Element.of(HostArray.of(new float[8], 4, 2), HostArray.of(new int[] {b, b, b, b})));
            }
            return batches.iterator();
        }, true);
        assertEquals(Dataset.UNKNOWN, ds.cardinality());
        assertTrue(ds.isBatched());
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2), labels(ds));
        assertEquals(24, labels(ds.repeat(2)).size());
        assertEquals(3, calls.get());
        assertEquals(Dataset.UNKNOWN, ds.take(2).cardinality());
        assertEquals(Dataset.UNKNOWN, ds.repeat(2).cardinality());
        Dataset nullGenerator = Dataset.fromGenerator(() -> (Iterator<Element>) null, false);
        assertThrows(IllegalArgumentException.class, () -> labels(nullGenerator));
    }

    @Test
    void sampleWeightsTravelWithTheirSamples() {
        Dataset ds = Dataset.fromTensorSlices(HostArray.of(new float[] {1, 2, 3}, 3, 1), HostArray.of(new int[] {0, 1, 0}),
                HostArray.of(new float[] {0.5f, 1f, 2f})).batch(2);
        try (TensorScope scope = TensorScope.open(); CloseableIterator<Batch> it = ds.iterator()) {
            Batch b = it.next();
            assertArrayEquals(new float[] {0.5f, 1f}, b.sampleWeight().toFloatArray());
            assertEquals(Shape.of(2, 1), b.x().shape());
        }
    }

    @Test
    void slicesFromArraysAndTensors() {
        Dataset rows = Dataset.fromTensorSlices(new float[][] {{1, 2}, {3, 4}}, new int[] {7, 8});
        assertEquals(List.of(7, 8), labels(rows));
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
            Tensor y = Ops.constant(new int[] {0, 1, 2});
            Dataset ds = Dataset.fromTensorSlices(x, y).batch(3);
            try (CloseableIterator<Batch> it = ds.iterator()) {
                Batch b = it.next();
                assertArrayEquals(x.toFloatArray(), b.x().toFloatArray());
                assertArrayEquals(new int[] {0, 1, 2}, b.y().toIntArray());
            }
            assertFalse(x.isClosed(), "the source tensors stay the caller's");
        }
        Dataset oneHot = Dataset.fromTensorSlices(new float[][] {{1, 2}}, new float[][] {{0, 1}});
        try (CloseableIterator<Element> it = oneHot.elements()) {
            assertArrayEquals(new float[] {0, 1}, it.next().y().toFloatArray());
        }
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromTensorSlices(HostArray.of(new float[6], 3, 2), HostArray.of(new int[4])));
        assertTrue(e.getMessage().contains("x has 3 samples") && e.getMessage().contains("y has 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tenSamples().batch(0));
        assertTrue(e.getMessage().contains("batchSize must be >= 1, got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tenSamples().shuffle(0, 1));
        assertThrows(IllegalArgumentException.class, () -> tenSamples().take(-1));
        assertThrows(IllegalArgumentException.class, () -> tenSamples().repeat(-2));
        assertThrows(IllegalArgumentException.class, () -> tenSamples().prefetch(0));
        e = assertThrows(IllegalArgumentException.class, () -> HostArray.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("holds 6 elements but the data has 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostArray.ofRows(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 has 1 values but row 0 has 2"), e.getMessage());

        Dataset ragged = Dataset.fromGenerator(() -> List.of(Element.of(HostArray.of(new float[2])),
                Element.of(HostArray.of(new float[3]))).iterator(), false).batch(2);
        e = assertThrows(IllegalArgumentException.class, () -> labelsOrX(ragged));
        assertTrue(e.getMessage().contains("element 1 (float32 (3,))") && e.getMessage().contains("(float32 (2,))"),
                e.getMessage());
    }

    private static void labelsOrX(Dataset ds) {
        try (CloseableIterator<Element> it = ds.elements()) {
            while (it.hasNext()) {
                it.next();
            }
        }
    }

    @Test
    void hostArraysAreCopiesOfTheirData() {
        float[] data = {1, 2, 3};
        HostArray a = HostArray.of(data);
        data[0] = 9;
        assertEquals(1f, a.toFloatArray()[0]);
        a.toFloatArray()[1] = 9;
        assertEquals(2f, a.toFloatArray()[1]);
        assertSame(DType.INT32, HostArray.of(new int[] {1}).dtype());
        HostArray scalar = HostArray.of(new float[] {4}, Shape.scalar());
        try (Tensor t = scalar.toTensor()) {
            assertEquals(Shape.scalar(), t.shape());
            assertEquals(4f, t.item());
        }
        assertThrows(IllegalArgumentException.class, () -> HostArray.of(new int[2], Shape.scalar()));
    }
}
