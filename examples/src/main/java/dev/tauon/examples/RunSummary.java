package dev.tauon.examples;

import dev.tauon.core.io.JsonStrings;
import java.util.Locale;

/** What summary.json says about a run; {@code int8} is null unless the run quantised its model. */
public record RunSummary(
        double testAccuracy,
        double testAccuracySingleView,
        double testLoss,
        int epochs,
        int trainImages,
        double wallSeconds,
        double trainSeconds,
        double imagesPerSecond,
        double trainPhaseImagesPerSecond,
        int threads,
        String javaVersion,
        boolean vectorApi,
        long seed,
        String recipe,
        int batchSize,
        float learningRate,
        double valSplit,
        int limitBatches,
        QuantizedRun.Scores int8) {

    /** The summary as JSON; a value that is not a finite number (a diverged run's loss) is written as null. */
    public String toJson() {
        return String.format(
                Locale.ROOT,
                """
                {
                  "test_accuracy": %s,
                  "test_accuracy_single_view": %s,
                  "test_loss": %s,
                  "epochs": %d,
                  "train_images": %d,
                  "wall_seconds": %s,
                  "train_seconds": %s,
                  "images_per_s": %s,
                  "train_phase_images_per_s": %s,
                  "threads": %d,
                  "java_version": %s,
                  "vector_api": %b,
                  "seed": %d,
                  "recipe": %s,
                  "batch_size": %d,
                  "learning_rate": %s,
                  "val_split": %s,
                  "limit_batches": %d%s
                }
                """,
                number(testAccuracy),
                number(testAccuracySingleView),
                number(testLoss),
                epochs,
                trainImages,
                fixed(wallSeconds, 3),
                fixed(trainSeconds, 3),
                fixed(imagesPerSecond, 1),
                fixed(trainPhaseImagesPerSecond, 1),
                threads,
                JsonStrings.quote(javaVersion),
                vectorApi,
                seed,
                JsonStrings.quote(recipe),
                batchSize,
                number(learningRate),
                number(valSplit),
                limitBatches,
                int8Json());
    }

    private String int8Json() {
        if (int8 == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                """
                ,
                  "test_accuracy_int8": %s,
                  "int8_images_per_s": %s,
                  "float_images_per_s": %s,
                  "int8_images_per_s_batch1": %s,
                  "float_images_per_s_batch1": %s""",
                number(int8.testAccuracy()),
                fixed(int8.int8ImagesPerSecond(), 1),
                fixed(int8.floatImagesPerSecond(), 1),
                fixed(int8.int8ImagesPerSecondBatch1(), 1),
                fixed(int8.floatImagesPerSecondBatch1(), 1));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String number(float v) {
        return Float.isFinite(v) ? Float.toString(v) : "null";
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "null";
    }
}
