package dev.tauon.examples;

import dev.tauon.data.Cifar10;
import dev.tauon.data.Dataset;
import dev.tauon.data.DatasetDownloader;
import dev.tauon.data.DatasetSplit;
import dev.tauon.data.image.ImageFolder;
import dev.tauon.data.image.ImageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The images the CIFAR-10 example trains, validates and tests on, from the binary archive (or its
 * extracted folder) or from a folder of images in class folders, decoded to 32x32 RGB.
 *
 * @param train       the training images
 * @param validation  the validation images, or null without a validation split
 * @param test        the test images
 * @param classNames  the class of each label
 * @param description where the images came from, for the log
 */
record Cifar10Data(Dataset train, Dataset validation, Dataset test, List<String> classNames, String description) {

    /**
     * Reads {@code path}: the binary archive or its folder as before; a folder with {@code train/}
     * and {@code test/} sub-folders of class folders; or one folder of class folders, of which a
     * stratified {@code testSplit} (per class, seed {@code seed}) is held out for the test. The
     * validation images are the last {@code valSplit} of the binary training set, as Keras'
     * {@code validation_split}, and a stratified {@code valSplit} of a folder's (sorted by class, its
     * last images would all be of the last class).
     */
    static Cifar10Data load(Path path, double valSplit, double testSplit, long seed) throws IOException {
        return load(path, valSplit, testSplit, seed, -1);
    }

    /** As {@link #load(Path, double, double, long)}; a folder's images decoded lazily with a cache of {@code lazyCacheBytes}, unless negative. */
    static Cifar10Data load(Path path, double valSplit, double testSplit, long seed, long lazyCacheBytes)
            throws IOException {
        Path data = path != null ? path : Cifar10.locateOrDownload(new DatasetDownloader());
        if (!Files.isDirectory(data) || isBinaryFolder(data)) {
            Cifar10 cifar = Cifar10.load(data);
            DatasetSplit split = valSplit > 0 ? DatasetSplit.last(cifar.train(), valSplit) : null;
            return new Cifar10Data(
                    split == null ? cifar.train() : split.train(),
                    split == null ? null : split.test(),
                    cifar.test(),
                    cifar.classNames(),
                    data.toString());
        }
        ImageOptions options = ImageOptions.of(32, 32);
        Dataset train;
        Dataset test;
        List<String> classes;
        if (Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("test"))) {
            ImageFolder trainFolder = ImageFolder.scan(data.resolve("train"), options);
            ImageFolder testFolder = ImageFolder.scan(data.resolve("test"), options);
            if (!trainFolder.classNames().equals(testFolder.classNames())) {
                throw new IOException(data + ": the class folders of train/ " + trainFolder.classNames() + " and test/ "
                        + testFolder.classNames() + " differ");
            }
            train = images(trainFolder, lazyCacheBytes);
            test = images(testFolder, lazyCacheBytes);
            classes = trainFolder.classNames();
        } else {
            ImageFolder folder = ImageFolder.scan(data, options);
            DatasetSplit split = DatasetSplit.stratified(images(folder, lazyCacheBytes), testSplit, seed);
            train = split.train();
            test = split.test();
            classes = folder.classNames();
        }
        DatasetSplit validation = valSplit > 0 ? DatasetSplit.stratified(train, valSplit, seed) : null;
        return new Cifar10Data(
                validation == null ? train : validation.train(),
                validation == null ? null : validation.test(),
                test,
                classes,
                data + " (image folder)");
    }

    private static Dataset images(ImageFolder folder, long lazyCacheBytes) throws IOException {
        return lazyCacheBytes < 0 ? folder.load() : folder.lazy(lazyCacheBytes);
    }

    /** Whether {@code dir} holds the binary batch files, directly or in {@value Cifar10#FOLDER}. */
    private static boolean isBinaryFolder(Path dir) {
        return Files.exists(dir.resolve(Cifar10.TEST_FILE))
                || Files.exists(dir.resolve(Cifar10.TRAIN_FILES.get(0)))
                || Files.isDirectory(dir.resolve(Cifar10.FOLDER));
    }
}
