/**
 * Tauon's layers, losses, optimisers, training loop, predictor and model files. Its API takes and
 * returns core's tensors, so requiring this module gives {@code dev.tauon.core} too.
 */
module dev.tauon.nn {
    requires transitive dev.tauon.core;
    requires org.slf4j;

    exports dev.tauon.nn;
    exports dev.tauon.nn.config;
    exports dev.tauon.nn.distill;
    exports dev.tauon.nn.explain;
    exports dev.tauon.nn.init;
    exports dev.tauon.nn.io;
    exports dev.tauon.nn.layers;
    exports dev.tauon.nn.losses;
    exports dev.tauon.nn.optim;
    exports dev.tauon.nn.predict;
    exports dev.tauon.nn.prune;
    exports dev.tauon.nn.quantize;
    exports dev.tauon.nn.train;
}
