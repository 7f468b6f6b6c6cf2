/**
 * The built-in layers: Dense, Conv2D, pooling (max, average, global), Dropout, Flatten, padding,
 * activation layers, and the composition layers Residual and Concatenate. Each can be used in a
 * {@link dev.tauon.nn.Sequential} or as a child of a custom module, and builds its parameters from
 * the input shape on first use.
 */
package dev.tauon.nn.layers;
