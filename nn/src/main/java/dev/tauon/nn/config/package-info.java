/**
 * A model's architecture as JSON, Keras' {@code get_config} / {@code from_config}: each layer's type
 * and settings, nested for {@link dev.tauon.nn.Sequential}, {@link dev.tauon.nn.layers.Residual}
 * and {@link dev.tauon.nn.layers.Concatenate}. {@link dev.tauon.nn.config.ModelConfig} writes and
 * reads it, every built-in layer has a {@link dev.tauon.nn.config.LayerCodec}, and
 * {@link dev.tauon.nn.config.LayerCodecs#with} registers codecs for your own layers (Keras'
 * {@code custom_objects}). A config read from a file is untrusted input: its size, nesting, strings,
 * layer count and every number are bounded, and errors name the source, the JSON path and the
 * character offset. {@code dev.tauon.nn.io.Models} stores the config in a weight file's metadata.
 */
package dev.tauon.nn.config;
