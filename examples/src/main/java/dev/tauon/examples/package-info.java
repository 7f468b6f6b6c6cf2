/**
 * Runnable examples: the CIFAR-10 CNN of the reference article with its reports and charts
 * ({@link dev.tauon.examples.Cifar10Cnn}), and small MLPs (XOR, a worked network).
 */
package dev.tauon.examples;
