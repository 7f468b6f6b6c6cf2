package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Batch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A data loader left in the middle of an epoch, hundreds of times over and in each way a caller
 * can leave it (closing the loader, closing the epoch's iterator, starting the next epoch and then
 * closing), leaks no thread: none of the loader's threads is alive after each close, and the
 * JVM's thread count is back where it started.
 */
class LoaderEarlyCloseLoopTest {
    private static final int ROUNDS = 300;

    @Test
    void closingMidEpochManyTimesLeaksNoThread() throws InterruptedException {
        RecordSet set = BatchLoaderTest.idRecords(400);
        Random random = new Random(7);
        int threadsBefore = Thread.activeCount();
        for (int round = 0; round < ROUNDS; round++) {
            BatchLoader loader = BatchLoader.builder(set)
                    .batchSize(10)
                    .prefetch(1 + round % 3)
                    .augmentation(Augmentation.flipAndCrop(2))
                    .seed(round)
                    .build();
            EpochIterator epoch = loader.iterator();
            int taken = random.nextInt(epoch.size());
            for (int b = 0; b < taken; b++) {
                Batch batch = epoch.next();
                assertTrue(batch.size() == 10);
            }
            switch (round % 3) {
                case 0 -> loader.close();
                case 1 -> {
                    epoch.close();
                    loader.close();
                }
                default -> {
                    loader.iterator().next(); // the next epoch supersedes this one, then the loader closes
                    loader.close();
                }
            }
            BatchLoaderTest.assertNoLoaderThreads();
        }
        // Threads of other tests and the JVM may come and go; loader threads would add up to hundreds.
        int threadsAfter = Thread.activeCount();
        assertTrue(
                threadsAfter <= threadsBefore + 4,
                threadsBefore + " threads before, " + threadsAfter + " after " + ROUNDS + " loaders closed mid-epoch");
    }
}
