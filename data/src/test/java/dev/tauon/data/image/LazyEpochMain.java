package dev.tauon.data.image;

import dev.tauon.core.Batch;
import dev.tauon.data.BatchLoader;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LazyImageDatasetTest}: one epoch over {@code args[0]}, lazily
 * ({@code lazy}) or loaded whole ({@code eager}), 128x128 RGB; prints the images seen.
 */
public final class LazyEpochMain {
    private LazyEpochMain() {}

    public static void main(String[] args) throws Exception {
        ImageFolder folder = ImageFolder.scan(Path.of(args[0]), ImageOptions.of(128, 128));
        var data = args[1].equals("lazy") ? folder.lazy(4L << 20) : folder.load();
        long images = 0;
        try (BatchLoader loader =
                BatchLoader.builder(data).batchSize(8).shuffle(true).prefetch(1).build()) {
            for (Batch b : loader) {
                images += b.size();
            }
        }
        System.out.println(
                "images: " + images + ", heap limit " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
    }
}
