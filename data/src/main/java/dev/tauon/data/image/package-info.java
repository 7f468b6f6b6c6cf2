/**
 * Images from files: {@link dev.tauon.data.image.ImageFolder} reads a folder with one sub-folder
 * per class, {@link dev.tauon.data.image.ImageDecoder} decodes PNG, JPEG, BMP and GIF with the
 * JDK's ImageIO into channel-major bytes of one size ({@link dev.tauon.data.image.ImageOptions}:
 * grey or RGB, resized by a named {@link dev.tauon.data.image.Interpolation}), and
 * {@link dev.tauon.data.image.ImagePreprocessing} keeps what a prediction needs next to the model.
 */
package dev.tauon.data.image;
