package dev.tauon.nn;

import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.MaxPool2D;

/** The reference article's CIFAR-10 CNN, shared by the tests that check its shapes and training. */
final class Cifar10Cnn {
    private Cifar10Cnn() {
    }

    static Sequential model() {
        return new Sequential(
                new Conv2D(32, 3, Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3, Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3, Activation.RELU),
                new Flatten(),
                new Dense(64, Activation.RELU),
                new Dense(10, Activation.SOFTMAX));
    }
}
