/**
 * Data-parallel training across machines on Apache Spark.
 *
 * <p>{@link dev.tauon.spark.DataParallelTrainer} trains one model on data split into
 * {@linkplain dev.tauon.spark.Shard shards}, one per Spark partition, in one of two modes: the
 * synchronous mode, where every step each shard computes its part of the global batch's gradient
 * (summed in blocks of examples, {@link dev.tauon.core.BatchSums}) and the driver adds the parts by
 * a fixed tree in partition order and steps the optimiser, bit for bit what one process taking the
 * whole global batch computes, and local steps
 * with periodic averaging ("local SGD"), where each shard trains {@code K} steps on its own and the
 * driver then averages weights and optimiser moments. The same trainer runs the shards in this
 * process ({@link dev.tauon.spark.LocalShards}) or on Spark
 * ({@link dev.tauon.spark.DistributedDataset}) with the same bits: that is the reference the
 * Spark runs are tested against.
 *
 * <p>Models travel as raw float arrays and are rebuilt on the executors from a
 * {@link dev.tauon.spark.SerializableSupplier}; no model object is ever Java-serialised. See
 * docs/distributed.md.
 */
package dev.tauon.spark;
