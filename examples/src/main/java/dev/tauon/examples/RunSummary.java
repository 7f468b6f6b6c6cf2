package dev.tauon.examples;

import java.util.Locale;

/** What summary.json says about a run. */
public record RunSummary(double testAccuracy, double testAccuracySingleView, double testLoss, int epochs,
                         int trainImages, double wallSeconds, double trainSeconds, double imagesPerSecond,
                         double trainPhaseImagesPerSecond, int threads, String javaVersion,
                         boolean vectorApi, long seed, String recipe, int batchSize, float learningRate,
                         double valSplit, int limitBatches) {

    public String toJson() {
        return String.format(Locale.ROOT, """
                {
                  "test_accuracy": %s,
                  "test_accuracy_single_view": %s,
                  "test_loss": %s,
                  "epochs": %d,
                  "train_images": %d,
                  "wall_seconds": %.3f,
                  "train_seconds": %.3f,
                  "images_per_s": %.1f,
                  "train_phase_images_per_s": %.1f,
                  "threads": %d,
                  "java_version": "%s",
                  "vector_api": %b,
                  "seed": %d,
                  "recipe": "%s",
                  "batch_size": %d,
                  "learning_rate": %s,
                  "val_split": %s,
                  "limit_batches": %d
                }
                """, testAccuracy, testAccuracySingleView, testLoss, epochs, trainImages, wallSeconds, trainSeconds, imagesPerSecond,
                trainPhaseImagesPerSecond, threads, javaVersion.replace("\"", ""), vectorApi, seed, recipe, batchSize, learningRate, valSplit,
                limitBatches);
    }
}
