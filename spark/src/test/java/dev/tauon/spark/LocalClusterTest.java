package dev.tauon.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Two executors in two JVMs of their own ({@code local-cluster[2,1,512]}: a standalone master and
 * two workers started inside this JVM on 127.0.0.1, each worker launching an executor process),
 * so weights and gradients really cross process boundaries. A worker starts its executor from
 * {@code SPARK_HOME/jars}; the build sets {@code SPARK_HOME} to {@code target/spark-home}, and
 * this test fills its {@code jars} folder with links to the jars of the test class path.
 */
class LocalClusterTest {

    @Test
    void twoExecutorProcessesTrainToTheBitsOfOneProcess() throws IOException {
        String classDirs = prepareSparkHome();
        List<LabeledExample> data = TestSetups.examples(72, 6, 12);
        DataParallelOptions options = DataParallelOptions.synchronous(12, 3);
        float[] local;
        {
            DataParallelTrainer t =
                    new DataParallelTrainer(LocalShards.of(data, 3, TestSetups.MLP_SHAPE), TestSetups.mlp(), options);
            t.fit(1);
            local = TestSetups.state(t.model());
        }
        SparkConf conf = new SparkConf()
                .setMaster("local-cluster[2,1,512]")
                .setAppName("tauon-local-cluster-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraClassPath", classDirs)
                .set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        JavaSparkContext spark = new JavaSparkContext(conf);
        try (DistributedDataset shards = DistributedDataset.of(spark.parallelize(data, 2), 3, TestSetups.MLP_SHAPE)) {
            DataParallelTrainer t = new DataParallelTrainer(shards, TestSetups.mlp(), options);
            t.fit(1);
            assertEquals(2, spark.sc().getExecutorMemoryStatus().size() - 1, "two executors besides the driver");
            assertArrayEquals(local, TestSetups.state(t.model()));
        }
        // And the small CNN against one process taking each whole global batch at once.
        List<LabeledExample> images = TestSetups.examples(48, TestSetups.size(TestSetups.CNN_SHAPE), 13);
        DataParallelOptions cnnOptions = DataParallelOptions.synchronous(16, 4).withExamplesPerBlock(4);
        try (DistributedDataset shards = DistributedDataset.of(spark.parallelize(images, 3), 2, TestSetups.CNN_SHAPE)) {
            DataParallelTrainer t = new DataParallelTrainer(shards, TestSetups.plainCnn(), cnnOptions);
            t.fit(1);
            assertArrayEquals(
                    OneProcessTraining.train(
                            TestSetups.plainCnn(), TestSetups.CNN_SHAPE, images, 2, cnnOptions, 1, true),
                    TestSetups.state(t.model()));
        } finally {
            spark.stop();
        }
    }

    /** Links the class path's jars into SPARK_HOME/jars and returns its folders (this module's classes, the reactor's). */
    private static String prepareSparkHome() throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("SPARK_HOME is not set; the build sets it (spark/pom.xml, Surefire)");
        }
        Path jars = Path.of(home, "jars");
        Files.createDirectories(jars);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> dirs = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                dirs.add(p.toAbsolutePath().toString());
            } else if (entry.endsWith(".jar") && Files.exists(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        return String.join(File.pathSeparator, dirs);
    }
}
