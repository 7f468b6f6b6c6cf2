package dev.tauon.nn.prune;

/** Where magnitude pruning ranks the weights it removes. */
public enum PruningScope {
    /** Each layer loses the same fraction of its weights, its smallest by magnitude. */
    LAYERWISE,
    /** One ranking over every pruned weight of the model: layers with small weights lose more. */
    GLOBAL
}
