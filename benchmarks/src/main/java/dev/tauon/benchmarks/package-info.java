/**
 * JMH benchmarks of every hot kernel and of whole training and inference steps, with secondary
 * results in GFLOP/s or images/s; {@code PeakFlopsBenchmark} measures the CPU's FMA peak that other
 * figures are compared with.
 */
package dev.tauon.benchmarks;
