/**
 * Building networks: {@link dev.tauon.nn.Module} (parameters, children, train/eval mode),
 * {@link dev.tauon.nn.Sequential}, a Keras-style {@link dev.tauon.nn.Summary}, activations and the
 * functional forms of the layers. Layers are in {@link dev.tauon.nn.layers}, training in
 * {@link dev.tauon.nn.train}.
 */
package dev.tauon.nn;
