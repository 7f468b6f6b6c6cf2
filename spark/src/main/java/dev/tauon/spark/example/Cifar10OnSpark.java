package dev.tauon.spark.example;

import dev.tauon.core.Batch;
import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.data.Cifar10;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.losses.Loss;
import dev.tauon.nn.optim.Adam;
import dev.tauon.nn.train.Evaluation;
import dev.tauon.nn.train.Trainer;
import dev.tauon.spark.Cifar10Records;
import dev.tauon.spark.DataParallelOptions;
import dev.tauon.spark.DataParallelTrainer;
import dev.tauon.spark.DistributedDataset;
import dev.tauon.spark.LabeledExample;
import dev.tauon.spark.LocalShards;
import dev.tauon.spark.ReplicaSpec;
import dev.tauon.spark.ShardSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the CIFAR-10 CNN of {@code tauon-examples} (Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10,
 * Adam 1e-3) with {@link DataParallelTrainer}, on Spark or, with {@code --in-process}, on the same
 * shards in this JVM, and prints each epoch, the mean wall time of a round and the test accuracy.
 *
 * <p>Options ({@code --name value}): {@code --data} the CIFAR-10 archive or folder, read on the
 * driver (default: {@value Cifar10#PATH_ENV} or the project's shared copy); {@code --records} a
 * Hadoop glob of the binary batch files, read on the executors instead; {@code --train} and
 * {@code --test} how many images to use (50000, 10000); {@code --partitions} (2);
 * {@code --batch} the global batch (64); {@code --local-steps} K (1: synchronous);
 * {@code --epochs} (1); {@code --seed} (1); {@code --checkpoints} a Hadoop folder;
 * {@code --master} when not run by spark-submit (default {@code local[2]}); {@code --in-process}.
 */
public final class Cifar10OnSpark {
    private Cifar10OnSpark() {}

    /** The network of the examples module's {@code Cifar10Model}, built for 3x32x32 images. */
    public static Module model(long seed) {
        return new Sequential(
                        new Conv2D(32, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Conv2D(64, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Conv2D(64, 3, Activation.RELU),
                        new Flatten(),
                        new Dense(64, Activation.RELU),
                        new Dense(10, Activation.SOFTMAX))
                .build(new Generator(seed), Cifar10Records.shape());
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = parse(args);
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "2"));
        int trainSize = Integer.parseInt(o.getOrDefault("train", "50000"));
        int testSize = Integer.parseInt(o.getOrDefault("test", "10000"));
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "1"));
        DataParallelOptions options = new DataParallelOptions(
                Integer.parseInt(o.getOrDefault("batch", "64")),
                Integer.parseInt(o.getOrDefault("local-steps", "1")),
                seed,
                o.get("checkpoints"));
        ReplicaSpec spec = new ReplicaSpec(() -> model(seed), Loss::crossEntropy, m -> new Adam(m, 1e-3f));

        List<LabeledExample> test;
        List<LabeledExample> train = null;
        if (o.containsKey("records")) {
            test = List.of();
        } else {
            Cifar10 cifar = Cifar10.load(dataPath(o));
            train = Cifar10Records.examples(
                    cifar.train().subset(0, Math.min(trainSize, cifar.train().size())));
            test = Cifar10Records.examples(
                    cifar.test().subset(0, Math.min(testSize, cifar.test().size())));
        }
        long start = System.nanoTime();
        JavaSparkContext spark = null;
        try {
            ShardSet shards;
            if (o.containsKey("in-process")) {
                shards = LocalShards.of(train, partitions, Cifar10Records.shape());
            } else {
                SparkConf conf = new SparkConf().setAppName("tauon-cifar10").set("spark.ui.enabled", "false");
                if (!conf.contains("spark.master")) {
                    conf.setMaster(o.getOrDefault("master", "local[2]"));
                }
                spark = new JavaSparkContext(conf);
                var rdd = o.containsKey("records")
                        ? Cifar10Records.read(spark, o.get("records"))
                        : spark.parallelize(train, partitions);
                if (o.containsKey("records") && trainSize < 50000) {
                    rdd = spark.parallelize(rdd.take(trainSize), partitions);
                }
                shards = DistributedDataset.of(rdd, partitions, Cifar10Records.shape());
            }
            double setup = (System.nanoTime() - start) / 1e9;
            DataParallelTrainer trainer = new DataParallelTrainer(shards, spec, options);
            long fitStart = System.nanoTime();
            trainer.fit(epochs)
                    .epochs()
                    .forEach(r -> System.out.printf(
                            "epoch %d: loss %.4f, accuracy %.4f, %.1f s%n",
                            r.epoch(), r.loss(), r.accuracy(), r.seconds()));
            double fit = (System.nanoTime() - fitStart) / 1e9;
            System.out.printf(
                    "%s: setup %.1f s, training %.1f s, %.1f ms per round (%d steps per epoch, %s)%n",
                    trainer,
                    setup,
                    fit,
                    trainer.secondsPerRound() * 1e3,
                    trainer.stepsPerEpoch(),
                    shards.getClass().getSimpleName());
            if (!test.isEmpty()) {
                Trainer evaluator = new Trainer(trainer.model(), Loss.crossEntropy(), trainer.optimizer());
                Evaluation e = evaluator.evaluate(batches(test, 500));
                System.out.printf("test: loss %.4f, accuracy %.4f on %d images%n", e.loss(), e.accuracy(), test.size());
            }
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    private static Path dataPath(Map<String, String> o) {
        if (o.containsKey("data")) {
            return Path.of(o.get("data"));
        }
        return Cifar10.locate()
                .orElseThrow(() -> new IllegalArgumentException("cifar10-on-spark: no CIFAR-10 found;"
                        + " pass --data PATH (the archive or its folder) or --records GLOB, or set "
                        + Cifar10.PATH_ENV));
    }

    private static List<Batch> batches(List<LabeledExample> examples, int size) {
        List<Batch> out = new ArrayList<>();
        int features = examples.get(0).features().length;
        for (int from = 0; from < examples.size(); from += size) {
            int n = Math.min(size, examples.size() - from);
            float[] x = new float[n * features];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(examples.get(from + i).features(), 0, x, i * features, features);
                y[i] = examples.get(from + i).label();
            }
            out.add(Batch.ofLabels(Tensor.of(x, n, 3, 32, 32), y));
        }
        return out;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("cifar10-on-spark: expected an option, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (name.equals("in-process")) {
                o.put(name, "true");
            } else if (i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("cifar10-on-spark: option --" + name + " needs a value");
            }
        }
        return o;
    }
}
