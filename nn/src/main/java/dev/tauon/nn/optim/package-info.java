/**
 * Optimisers (SGD with momentum and Nesterov, Adam) that update parameters from their gradients,
 * with per-parameter state that checkpoints save, learning-rate schedules per epoch and per step,
 * and gradient clipping.
 */
package dev.tauon.nn.optim;
