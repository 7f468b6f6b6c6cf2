package dev.tauon.spark;

import dev.tauon.data.Cifar10;
import dev.tauon.data.RecordSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * CIFAR-10 as {@link LabeledExample}s: read on the executors from the binary batch files on any
 * Hadoop path ({@link #read}), or converted from a {@link RecordSet} loaded on the driver
 * ({@link #examples}). Pixels are scaled to [0, 1] (divided by 255, as the Keras CIFAR-10 example
 * does) in CHW order, shape {@link #shape()}.
 */
public final class Cifar10Records {
    /** Bytes of one record in the binary files: the label, then 3 x 32 x 32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    private static final int[] SHAPE = {3, 32, 32};

    private Cifar10Records() {}

    /**
     * The records of the binary batch files at {@code path} (a file, folder or glob such as
     * {@code hdfs:///data/cifar-10-batches-bin/data_batch_*.bin}), in file order.
     */
    public static JavaRDD<LabeledExample> read(JavaSparkContext spark, String path) {
        return spark.binaryRecords(path, RECORD_BYTES).map(Cifar10Records::decode);
    }

    /** One example's shape, {@code (3, 32, 32)} (a new array each call). */
    public static int[] shape() {
        return SHAPE.clone();
    }

    /** One binary record as an example. */
    public static LabeledExample decode(byte[] record) {
        if (record.length != RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "Cifar10Records: a record has " + RECORD_BYTES + " bytes, got " + record.length);
        }
        int label = record[0] & 0xFF;
        if (label >= Cifar10.FORMAT.numClasses()) {
            throw new IllegalArgumentException("Cifar10Records: label " + label + " is outside [0, "
                    + Cifar10.FORMAT.numClasses() + "); is this a CIFAR-10 binary file (not CIFAR-100)?");
        }
        float[] x = new float[RECORD_BYTES - 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = (record[i + 1] & 0xFF) / 255f;
        }
        return new LabeledExample(x, label);
    }

    /** The records of {@code records} (loaded with {@link Cifar10#load}) as examples, in order. */
    public static List<LabeledExample> examples(RecordSet records) {
        List<LabeledExample> out = new ArrayList<>(records.size());
        byte[] record = new byte[RECORD_BYTES];
        for (int i = 0; i < records.size(); i++) {
            record[0] = (byte) records.label(i);
            records.readPixels(i, record, 1);
            out.add(decode(record));
        }
        return out;
    }
}
