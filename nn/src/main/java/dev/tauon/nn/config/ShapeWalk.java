package dev.tauon.nn.config;

import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.Summary;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Residual;
import java.util.Arrays;
import java.util.List;

/**
 * Follows an input shape through an unbuilt layer tree, as building would, but allocating nothing:
 * each layer's output shape (its own {@code outputShape}, whose errors become config errors at the
 * layer's path), checked to stay within {@link ModelConfig#MAX_DIMENSION} per axis and 2^31 - 1
 * elements, and the sum of the layers' {@link LayerCodec#stateSize}s.
 */
final class ShapeWalk {
    private final ConfigReading reading;
    private final LayerCodecs codecs;
    private long stateSize;

    ShapeWalk(ConfigReading reading, LayerCodecs codecs) {
        this.reading = reading;
        this.codecs = codecs;
    }

    /** The total state size of {@code model} built for {@code inputShape}. */
    long check(Module model, int[] inputShape, String path) throws ModelConfigException {
        shape(model, inputShape, path);
        return stateSize;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int[] shape(Module layer, int[] in, String path) throws ModelConfigException {
        int[] out;
        if (layer instanceof Sequential s && layer.getClass() == Sequential.class) {
            out = in;
            List<Module> layers = s.layers();
            for (int i = 0; i < layers.size(); i++) {
                out = shape(layers.get(i), out, path + ".layers[" + i + "]");
            }
            return out;
        } else if (layer instanceof Residual r && layer.getClass() == Residual.class) {
            int[] main = shape(r.block(), in, path + ".block");
            int[] skip = r.shortcut() == null ? in : shape(r.shortcut(), in, path + ".shortcut");
            if (!Arrays.equals(main, skip)) {
                throw fail(
                        layer,
                        path,
                        "for input " + Summary.tauonShape(in) + " the block gives " + Summary.tauonShape(main)
                                + " but the shortcut gives " + Summary.tauonShape(skip));
            }
            return main;
        } else if (layer instanceof Concatenate c && layer.getClass() == Concatenate.class) {
            long channels = 0;
            for (int i = 0; i < c.branches().size(); i++) {
                int[] s = shape(c.branches().get(i), in, path + ".branches[" + i + "]");
                channels += s.length == 0 ? 0 : s[0];
            }
            if (channels > ModelConfig.MAX_DIMENSION) {
                throw fail(
                        layer,
                        path,
                        "the branches give " + channels + " channels in all, more than " + ModelConfig.MAX_DIMENSION
                                + " (ModelConfig.MAX_DIMENSION)");
            }
        }
        try {
            out = layer.outputShape(in);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw fail(layer, path, e.getMessage());
        }
        long elements = 1;
        for (int d : out) {
            if (d < 1 || d > ModelConfig.MAX_DIMENSION) {
                throw fail(
                        layer,
                        path,
                        layer.name() + " gives " + Summary.tauonShape(out) + ", a dimension outside 1 to "
                                + ModelConfig.MAX_DIMENSION);
            }
            elements *= d;
            if (elements > Integer.MAX_VALUE) {
                throw fail(
                        layer,
                        path,
                        layer.name() + " gives " + Summary.tauonShape(out) + ", more than 2^31 - 1 values per example");
            }
        }
        String type = codecs.typeOf(layer.getClass());
        long size = type == null ? 0 : ((LayerCodec) codecs.codec(type)).stateSize(layer, in);
        if (size > Integer.MAX_VALUE) {
            throw fail(
                    layer,
                    path,
                    layer.name() + " for input " + Summary.tauonShape(in) + " needs " + size
                            + " parameter values, more than one Java array holds");
        }
        stateSize += size;
        return out;
    }

    private ModelConfigException fail(Module layer, String path, String problem) {
        return reading.error(path, reading.offsetOf(layer), problem);
    }
}
