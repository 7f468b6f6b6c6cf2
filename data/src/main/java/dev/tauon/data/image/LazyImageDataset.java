package dev.tauon.data.image;

import dev.tauon.data.PixelDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images decoded from their files when a batch needs them, as PyTorch's {@code ImageFolder}
 * reads, so that a folder larger than the heap still trains: the loader decodes on its
 * background thread, and at most {@code cacheBytes} of decoded images are kept, the least
 * recently used dropped first. Memory is the cache, the file list and the loader's batches,
 * whatever the folder's size.
 *
 * <p>A file that cannot be decoded when it is read fails the batch with a
 * {@link dev.tauon.data.DatasetFormatException} naming it, which the loader's consumer gets as
 * the cause of a {@link dev.tauon.data.DataLoaderException}. Safe for several threads: the cache
 * is locked only to look up and to store, not while decoding.
 */
public final class LazyImageDataset implements PixelDataset {
    private final List<Path> files;
    private final int[] labels;
    private final int numClasses;
    private final ImageDecoder decoder;
    private final int imageBytes;
    private final int capacity;
    private final Map<Integer, byte[]> cache;
    private final AtomicLong decodes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    /**
     * @param files      the image files, example by example
     * @param labels     the class of each file
     * @param numClasses labels are in {@code 0 .. numClasses-1}
     * @param options    how the files are decoded
     * @param cacheBytes the most bytes of decoded images kept; 0 keeps none
     */
    public LazyImageDataset(List<Path> files, int[] labels, int numClasses, ImageOptions options, long cacheBytes) {
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        if (this.files.size() != this.labels.length) {
            throw new IllegalArgumentException(
                    "lazy images: " + files.size() + " files and " + labels.length + " labels");
        }
        for (int i = 0; i < this.labels.length; i++) {
            if (this.labels[i] < 0 || this.labels[i] >= numClasses) {
                throw new IllegalArgumentException("lazy images: " + files.get(i) + " has label " + this.labels[i]
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("lazy images: the cache size must be >= 0 bytes, got " + cacheBytes);
        }
        this.numClasses = numClasses;
        this.decoder = new ImageDecoder(options);
        this.imageBytes = options.imageBytes();
        this.capacity = (int) Math.min(Integer.MAX_VALUE, cacheBytes / imageBytes);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] featureShape() {
        ImageOptions o = decoder.options();
        return new int[] {o.color().channels(), o.height(), o.width()};
    }

    @Override
    public int featureSize() {
        return imageBytes;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /**
     * The image's bytes, from the cache or decoded now.
     *
     * @throws UncheckedIOException with the {@link dev.tauon.data.DatasetFormatException} naming the
     *                              file as its cause, if it cannot be read or decoded
     */
    @Override
    public void readPixels(int index, byte[] dst, int offset) {
        Objects.checkIndex(index, labels.length);
        byte[] cached;
        synchronized (cache) {
            cached = cache.get(index);
        }
        if (cached != null) {
            hits.incrementAndGet();
            System.arraycopy(cached, 0, dst, offset, imageBytes);
            return;
        }
        byte[] pixels = new byte[imageBytes];
        try {
            decoder.decode(files.get(index), pixels, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        decodes.incrementAndGet();
        if (capacity > 0) {
            synchronized (cache) {
                cache.put(index, pixels);
            }
        }
        System.arraycopy(pixels, 0, dst, offset, imageBytes);
    }

    /** Images decoded so far (cache misses). */
    public long decodes() {
        return decodes.get();
    }

    /** Reads served from the cache so far. */
    public long cacheHits() {
        return hits.get();
    }

    /** Images in the cache now; never more than {@link #cacheCapacity()}. */
    public int cachedImages() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** The most images the cache keeps: its bytes over one image's. */
    public int cacheCapacity() {
        return capacity;
    }

    /** The file of example {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public String toString() {
        ImageOptions o = decoder.options();
        return "LazyImageDataset[" + labels.length + " images of " + Arrays.toString(featureShape()) + ", " + numClasses
                + " classes, cache " + capacity + " images, " + o.interpolation() + "]";
    }
}
