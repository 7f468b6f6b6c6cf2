/**
 * Training the Keras way: {@link dev.tauon.nn.train.Trainer} with {@code fit}, {@code evaluate} and
 * {@code predict}, options, metrics, history, callbacks (early stopping, checkpoints), bit-exact
 * resume from a {@link dev.tauon.nn.train.Checkpoint}, airbench's {@link dev.tauon.nn.train.Lookahead},
 * and test-time augmentation (with weighted views).
 */
package dev.tauon.nn.train;
