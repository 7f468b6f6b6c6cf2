/**
 * Training the Keras way: {@link dev.tauon.nn.train.Trainer} with {@code fit}, {@code evaluate} and
 * {@code predict}, options, metrics, history, callbacks (early stopping, checkpoints), bit-exact
 * resume from a {@link dev.tauon.nn.train.Checkpoint}, and test-time augmentation.
 */
package dev.tauon.nn.train;
