/**
 * A runnable example: the CIFAR-10 CNN trained with {@link dev.tauon.spark.DataParallelTrainer}, on
 * Spark or in one process, for the wall-time comparison in docs/distributed.md.
 */
package dev.tauon.spark.example;
