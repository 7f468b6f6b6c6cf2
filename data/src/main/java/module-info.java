/**
 * Tauon's data pipelines: CIFAR-10, image folders, tabular files, augmentation. Its API hands out
 * core's tensors and batches, so requiring this module gives {@code dev.tauon.core} too; images are
 * decoded with {@code javax.imageio}.
 */
module dev.tauon.data {
    requires transitive dev.tauon.core;
    requires java.desktop;
    requires org.slf4j;

    exports dev.tauon.data;
    exports dev.tauon.data.image;
    exports dev.tauon.data.io;
    exports dev.tauon.data.tabular;
}
