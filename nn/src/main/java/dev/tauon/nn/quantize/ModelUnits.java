package dev.tauon.nn.quantize;

import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layers a {@link Sequential} runs one after another, with blocks that are plain
 * {@code Sequential}s expanded in place (airbench's conv-pool-norm groups), each with its
 * state-dict path ({@code "2.0"} for layer 0 of block 2): the units a quantised model runs,
 * quantises and names its tensors by. Other composite layers (a {@code Residual}, a subclass of
 * {@code Sequential} with its own forward) stay single units.
 *
 * @param paths  each unit's path, the prefix of its tensors' names
 * @param layers the units, in the order they run
 */
record ModelUnits(List<String> paths, List<Module> layers) {

    static ModelUnits of(Sequential model) {
        List<String> paths = new ArrayList<>();
        List<Module> layers = new ArrayList<>();
        expand(model, "", paths, layers);
        return new ModelUnits(Collections.unmodifiableList(paths), Collections.unmodifiableList(layers));
    }

    private static void expand(Sequential block, String prefix, List<String> paths, List<Module> layers) {
        for (int i = 0; i < block.layers().size(); i++) {
            Module layer = block.layer(i);
            String path = prefix + i;
            if (layer.getClass() == Sequential.class) {
                expand((Sequential) layer, path + ".", paths, layers);
            } else {
                paths.add(path);
                layers.add(layer);
            }
        }
    }

    int size() {
        return layers.size();
    }
}
