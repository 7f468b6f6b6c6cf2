/**
 * Loss functions: cross-entropy (from logits or probabilities, with label smoothing) and mean squared
 * error, each a scalar tensor whose backward pass gives the model's gradients.
 */
package dev.tauon.nn.losses;
