/**
 * Attribution maps: which parts of an input a model's score for a class depends on. Gradient
 * methods ({@link dev.tauon.nn.explain.Saliency}, {@link dev.tauon.nn.explain.SmoothGrad},
 * {@link dev.tauon.nn.explain.IntegratedGradients}), {@link dev.tauon.nn.explain.GradCam} for any
 * layer (through {@link dev.tauon.nn.explain.LayerCapture}, a forward hook, so the model's code is
 * not changed), and {@link dev.tauon.nn.explain.Occlusion}. They run the model in evaluation mode
 * and score a class by its logit (the output before a trailing softmax), as Captum does by default.
 */
package dev.tauon.nn.explain;
