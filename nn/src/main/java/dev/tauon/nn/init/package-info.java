/**
 * Initial values of parameters: Glorot and He initialisers with Keras' fans, zeros, and
 * {@link dev.tauon.nn.init.PatchWhitening}, which derives a first convolution's filters from the
 * training images.
 */
package dev.tauon.nn.init;
