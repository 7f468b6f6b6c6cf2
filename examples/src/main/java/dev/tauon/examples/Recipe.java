package dev.tauon.examples;

/** The training recipes the CIFAR-10 example knows. */
public enum Recipe {
    /** The reference article's run: pixels / 255, Adam 1e-3, batch 64, no augmentation. */
    REFERENCE,
    /** The same network and epochs with per-channel normalisation, flip/crop augmentation, a cosine schedule and weight decay. */
    IMPROVED
}
