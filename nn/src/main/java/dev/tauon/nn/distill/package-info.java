/**
 * Knowledge distillation (Hinton et al., 2015): {@link dev.tauon.nn.distill.DistillationLoss} trains a
 * student on a frozen teacher's softened probabilities mixed with the labels, running the teacher
 * inside {@code fit} (in evaluation mode, without a graph), so an ordinary
 * {@link dev.tauon.nn.train.Trainer} does the rest.
 */
package dev.tauon.nn.distill;
