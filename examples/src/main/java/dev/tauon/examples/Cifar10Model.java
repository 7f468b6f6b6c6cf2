package dev.tauon.examples;

import dev.tauon.core.Generator;
import dev.tauon.nn.Activation;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;

/** The reference article's CIFAR-10 CNN, line for line as in Keras. */
public final class Cifar10Model {
    private Cifar10Model() {}

    /** Conv32-Pool-Conv64-Pool-Conv64-Flatten-Dense64-Dense10(softmax), built for 3x32x32 images. */
    public static Sequential create(long seed) {
        return create(seed, 10);
    }

    /** The same network with {@code classes} outputs, for a folder of images of another number of classes. */
    public static Sequential create(long seed, int classes) {
        return new Sequential(
                        new Conv2D(32, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Conv2D(64, 3, Activation.RELU),
                        new MaxPool2D(2),
                        new Conv2D(64, 3, Activation.RELU),
                        new Flatten(),
                        new Dense(64, Activation.RELU),
                        new Dense(classes, Activation.SOFTMAX))
                .build(new Generator(seed), 3, 32, 32);
    }
}
