/**
 * ONNX export and import of Tauon models ({@code dev.tauon.onnx}). Its API takes and returns nn's
 * modules, so requiring this module gives {@code dev.tauon.nn} and {@code dev.tauon.core} too.
 */
module dev.tauon.onnx {
    requires transitive dev.tauon.nn;

    exports dev.tauon.onnx;
}
