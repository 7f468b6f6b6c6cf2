package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    /** Tiny images whose first two pixels spell the record's number, so any batch can be traced back. */
    private static final RecordFormat ID = new RecordFormat(1, 2, 2, 10);

    static RecordSet idRecords(int n) {
        byte[] block = new byte[n * ID.recordBytes()];
        for (int r = 0; r < n; r++) {
            int off = r * ID.recordBytes();
            block[off] = (byte) (r % 10);
            block[off + 1] = (byte) r;
            block[off + 2] = (byte) (r >> 8);
        }
        return RecordSet.of(ID, block);
    }

    /** The record numbers in a batch of {@link #idRecords}. */
    static int[] ids(Batch b) {
        float[] d = b.inputs().data();
        int[] ids = new int[b.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Math.round(d[i * 4] * 255) + 256 * Math.round(d[i * 4 + 1] * 255);
        }
        return ids;
    }

    static List<Integer> epochIds(BatchLoader loader) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : loader) {
            for (int id : ids(b)) {
                out.add(id);
            }
        }
        return out;
    }

    static void assertNoLoaderThreads() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(BatchLoader.THREAD_NAME_PREFIX) && t.isAlive()) {
                throw new AssertionError("loader thread still alive: " + t.getName());
            }
        }
    }

    @Test
    void exactValuesInChwLayoutWithLabelsAndOneHot() {
        RecordSet set = RecordSet.of(Cifar10.FORMAT, TestData.records(Cifar10.FORMAT, 0, 10));
        try (BatchLoader loader =
                BatchLoader.builder(set).batchSize(4).oneHot(true).build()) {
            int r = 0;
            List<Integer> sizes = new ArrayList<>();
            for (Batch b : loader) {
                sizes.add(b.size());
                assertArrayEquals(new int[] {b.size(), 3, 32, 32}, b.inputs().shape());
                assertArrayEquals(new int[] {b.size(), 10}, b.targets().shape());
                float[] d = b.inputs().data();
                for (int i = 0; i < b.size(); i++, r++) {
                    assertEquals(TestData.label(r, 10), b.labels()[i]);
                    for (int k = 0; k < 10; k++) {
                        assertEquals(k == b.labels()[i] ? 1f : 0f, b.targets().get(i, k));
                    }
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < 32; y++) {
                            for (int x = 0; x < 32; x++) {
                                float expected = TestData.pixel(r, c, y, x) / 255f;
                                assertEquals(expected, b.inputs().get(i, c, y, x));
                                assertEquals(expected, d[i * 3072 + c * 1024 + y * 32 + x]);
                            }
                        }
                    }
                }
            }
            assertEquals(List.of(4, 4, 2), sizes);
            assertEquals(3, loader.batchesPerEpoch());
        }
    }

    @Test
    void shuffledEpochsCoverEveryRecordOnceAndRepeatForTheSameSeed() {
        RecordSet set = idRecords(103);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            all.add(i);
        }
        try (BatchLoader a = BatchLoader.builder(set)
                        .batchSize(10)
                        .shuffle(true)
                        .seed(7)
                        .build();
                BatchLoader b = BatchLoader.builder(set)
                        .batchSize(10)
                        .shuffle(true)
                        .seed(7)
                        .prefetch(0)
                        .build();
                BatchLoader other = BatchLoader.builder(set)
                        .batchSize(10)
                        .shuffle(true)
                        .seed(8)
                        .build();
                BatchLoader resumed = BatchLoader.builder(set)
                        .batchSize(10)
                        .shuffle(true)
                        .seed(7)
                        .build()) {
            List<List<Integer>> epochs = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                List<Integer> ids = epochIds(a);
                List<Integer> sorted = new ArrayList<>(ids);
                Collections.sort(sorted);
                assertEquals(all, sorted, "epoch " + e + " is a permutation");
                assertEquals(ids, epochIds(b), "same seed, same epoch " + e);
                epochs.add(ids);
            }
            assertNotEquals(epochs.get(0), epochs.get(1));
            assertNotEquals(all, epochs.get(0));
            assertNotEquals(epochs.get(0), epochIds(other));
            resumed.setNextEpoch(2);
            assertEquals(epochs.get(2), epochIds(resumed));
            assertEquals(3, resumed.nextEpoch());
        }
    }

    @Test
    void withoutShuffleTheStoredOrder() {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(i);
        }
        try (BatchLoader loader =
                BatchLoader.builder(idRecords(25)).batchSize(4).build()) {
            assertEquals(expected, epochIds(loader));
            assertEquals(expected, epochIds(loader));
        }
    }

    @Test
    void dropLastGivesOnlyWholeBatches() {
        try (BatchLoader loader = BatchLoader.builder(idRecords(103))
                .batchSize(10)
                .shuffle(true)
                .dropLast(true)
                .build()) {
            assertEquals(10, loader.batchesPerEpoch());
            int batches = 0;
            Set<Integer> seen = new HashSet<>();
            for (Batch b : loader) {
                assertEquals(10, b.size());
                for (int id : ids(b)) {
                    assertTrue(seen.add(id), "record " + id + " twice");
                }
                batches++;
            }
            assertEquals(10, batches);
            assertEquals(100, seen.size());
        }
        try (BatchLoader tiny =
                BatchLoader.builder(idRecords(3)).batchSize(10).dropLast(true).build()) {
            assertFalse(tiny.iterator().hasNext());
        }
    }

    @Test
    void backgroundAndCallerThreadGiveTheSameBatches() {
        RecordSet set = RecordSet.of(Cifar10.FORMAT, TestData.records(Cifar10.FORMAT, 0, 37));
        Normalization norm = Normalization.of(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});
        BatchLoader.Builder builder = BatchLoader.builder(set)
                .batchSize(8)
                .shuffle(true)
                .seed(3)
                .oneHot(true)
                .normalization(norm)
                .augmentation(Augmentation.flipAndCrop(4));
        try (BatchLoader async = builder.prefetch(3).build();
                BatchLoader sync = builder.prefetch(0).build()) {
            for (int e = 0; e < 2; e++) {
                var ia = async.iterator();
                var is = sync.iterator();
                while (ia.hasNext()) {
                    Batch x = ia.next();
                    Batch y = is.next();
                    assertArrayEquals(x.inputs().data(), y.inputs().data());
                    assertArrayEquals(x.labels(), y.labels());
                    assertArrayEquals(x.targets().data(), y.targets().data());
                }
                assertFalse(is.hasNext());
            }
        }
    }

    @Test
    void aBatchStaysIntactUntilTheBatchAfterNextIsRequestedAndBuffersAreReused() throws InterruptedException {
        RecordSet set = idRecords(400);
        for (int prefetch : new int[] {0, 1, 4}) {
            try (BatchLoader loader = BatchLoader.builder(set)
                    .batchSize(8)
                    .shuffle(true)
                    .seed(1)
                    .oneHot(true)
                    .prefetch(prefetch)
                    .build()) {
                Set<float[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
                Batch previous = null;
                float[] previousCopy = null;
                int[] previousLabels = null;
                for (Batch current : loader) {
                    arrays.add(current.inputs().data());
                    // Give the background thread time to run as far ahead as it is allowed to.
                    Thread.sleep(1);
                    if (previous != null) {
                        assertArrayEquals(previousCopy, previous.inputs().data(), "previous batch overwritten");
                        assertArrayEquals(previousLabels, previous.labels(), "previous labels overwritten");
                    }
                    previous = current;
                    previousCopy = current.inputs().data().clone();
                    previousLabels = current.labels().clone();
                }
                assertEquals(prefetch + 2, arrays.size(), "buffers in the ring with prefetch " + prefetch);
            }
        }
    }

    @Test
    void closingEarlyStopsTheThread() {
        RecordSet set = idRecords(1000);
        BatchLoader loader = BatchLoader.builder(set).batchSize(10).prefetch(2).build();
        for (Batch b : loader) {
            assertEquals(10, b.size());
            break;
        }
        // Starting another epoch stops the abandoned one's thread.
        EpochIterator second = loader.iterator();
        second.next();
        long alive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(BatchLoader.THREAD_NAME_PREFIX))
                .count();
        assertTrue(alive <= 1, alive + " loader threads");
        loader.close();
        assertNoLoaderThreads();
        assertThrows(IllegalStateException.class, second::next);
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    @Test
    void anEpochCutShortByTheNextOneFailsInsteadOfEndingQuietly() {
        try (BatchLoader loader =
                BatchLoader.builder(idRecords(100)).batchSize(10).build()) {
            EpochIterator first = loader.iterator();
            first.next();
            first.next();
            loader.iterator(); // e.g. a listener that walks the training data mid-epoch
            IllegalStateException e = assertThrows(IllegalStateException.class, first::hasNext);
            assertTrue(e.getMessage().contains("epoch 0: ended after 2 of 10 batches"), e.getMessage());
            // closed by its owner, an iterator just reports that it has nothing more
            EpochIterator own = loader.iterator();
            own.next();
            own.close();
            assertFalse(own.hasNext());
            loader.iterator(); // a later epoch does not turn the owner's close into a failure
            assertFalse(own.hasNext());
            // a finished epoch is not cut short by the next one
            EpochIterator done = loader.iterator();
            while (done.hasNext()) {
                done.next();
            }
            loader.iterator();
            assertFalse(done.hasNext());
        }
    }

    @Test
    void closingAnEpochIteratorStopsItsThread() {
        try (BatchLoader loader =
                BatchLoader.builder(idRecords(1000)).batchSize(10).build()) {
            EpochIterator it = loader.iterator();
            it.next();
            it.close();
            assertNoLoaderThreads();
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aFinishedEpochLeavesNoThread() {
        try (BatchLoader loader =
                BatchLoader.builder(idRecords(50)).batchSize(10).build()) {
            EpochIterator it = loader.iterator();
            while (it.hasNext()) {
                it.next();
            }
            assertNoLoaderThreads();
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void aFailureOnTheBackgroundThreadReachesTheConsumer() {
        byte[] block = TestData.records(ID, 0, 30);
        block[17 * ID.recordBytes()] = 12; // bypasses validation, as a block modified after loading would
        RecordSet broken = RecordSet.ofValidated(ID, List.of(block));
        try (BatchLoader loader = BatchLoader.builder(broken).batchSize(5).build()) {
            EpochIterator it = loader.iterator();
            it.next();
            it.next();
            it.next();
            DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(
                    e.getMessage().contains("batch 3")
                            && e.getCause().getMessage().contains("record 17 has label 12"),
                    e.getMessage());
            assertNoLoaderThreads();
        }
    }

    @Test
    void anInterruptedConsumerGetsAnExceptionAndKeepsItsInterrupt() {
        try (BatchLoader loader =
                BatchLoader.builder(idRecords(100)).batchSize(10).build()) {
            EpochIterator it = loader.iterator();
            Thread.currentThread().interrupt();
            assertThrows(DataLoaderException.class, it::next);
            assertTrue(Thread.interrupted());
            assertNoLoaderThreads();
        }
    }

    @Test
    void optionsAreChecked() {
        RecordSet set = idRecords(10);
        assertThrows(
                IllegalArgumentException.class, () -> BatchLoader.builder(set).batchSize(0));
        assertThrows(
                IllegalArgumentException.class, () -> BatchLoader.builder(set).prefetch(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(set)
                        .augmentation(Augmentation.flipAndCrop(3))
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchLoader.builder(set)
                        .normalization(Normalization.of(new float[] {0.5f, 0.5f}, new float[] {1, 1}))
                        .build());
    }

    @Test
    void epochSeedsDiffer() {
        long[] seeds = new long[5];
        for (int e = 0; e < 5; e++) {
            seeds[e] = BatchLoader.epochSeed(42, e);
        }
        assertEquals(5, Arrays.stream(seeds).distinct().count());
    }
}
