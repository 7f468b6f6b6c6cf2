package dev.tauon.data;

/**
 * Some examples of another dataset, in a chosen order, read through it: what
 * {@link Dataset#select} and the splits return. Holds only the index array.
 */
class DatasetView implements Dataset {
    final Dataset base;
    private final int[] indices;

    DatasetView(Dataset base, int[] indices) {
        this.base = base;
        this.indices = indices.clone();
        int n = base.size();
        for (int i = 0; i < this.indices.length; i++) {
            int index = this.indices[i];
            if (index < 0 || index >= n) {
                throw new IndexOutOfBoundsException("select: index " + index + " (position " + i + ") is outside "
                        + "the " + n + " examples of " + base);
            }
        }
    }

    /** {@code from, from+1, ..., to-1}, checked against a dataset of {@code size} examples. */
    static int[] range(int from, int to, int size) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size + " examples");
        }
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The base dataset's index of this view's example {@code i}. */
    final int baseIndex(int i) {
        if (i < 0 || i >= indices.length) {
            throw new IndexOutOfBoundsException("example " + i + " of " + indices.length);
        }
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int[] featureShape() {
        return base.featureShape();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public int targetSize() {
        return base.targetSize();
    }

    @Override
    public void readFeatures(int index, float[] dst, int offset) {
        base.readFeatures(baseIndex(index), dst, offset);
    }

    @Override
    public int label(int index) {
        return base.label(baseIndex(index));
    }

    @Override
    public void readTarget(int index, float[] dst, int offset) {
        base.readTarget(baseIndex(index), dst, offset);
    }

    /** A view of the base dataset directly, not a view of this view. */
    @Override
    public Dataset select(int[] indices) {
        return base.select(composed(indices));
    }

    /** The base dataset's indices of this view's examples {@code indices}. */
    final int[] composed(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = baseIndex(indices[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return indices.length + " examples of " + base;
    }

    /** A view of a {@link PixelDataset}, itself one, so the loader keeps its byte path. */
    static final class Pixels extends DatasetView implements PixelDataset {
        private final PixelDataset pixels;

        Pixels(PixelDataset base, int[] indices) {
            super(base, indices);
            this.pixels = base;
        }

        @Override
        public void readPixels(int index, byte[] dst, int offset) {
            pixels.readPixels(baseIndex(index), dst, offset);
        }

        @Override
        public void readFeatures(int index, float[] dst, int offset) {
            pixels.readFeatures(baseIndex(index), dst, offset);
        }

        @Override
        public PixelDataset select(int[] indices) {
            return pixels.select(composed(indices));
        }

        @Override
        public PixelDataset subset(int from, int to) {
            return PixelDataset.super.subset(from, to);
        }
    }
}
