/**
 * Magnitude pruning: {@link dev.tauon.nn.prune.Pruning} keeps a mask per pruned weight as a buffer of
 * its layer ({@code weight_mask}, as PyTorch's {@code torch.nn.utils.prune}) and applies it before every
 * forward pass; {@link dev.tauon.nn.prune.PruningSchedule} raises the sparsity during fine-tuning
 * (Zhu and Gupta's cubic ramp) and keeps pruned weights and their gradients at zero;
 * {@link dev.tauon.nn.prune.SparseWeights} stores a pruned model as bitmasks and the kept values.
 */
package dev.tauon.nn.prune;
