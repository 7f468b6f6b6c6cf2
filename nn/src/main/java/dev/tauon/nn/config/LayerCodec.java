package dev.tauon.nn.config;

import dev.tauon.nn.Module;

/**
 * How one layer class goes to a model config and back, Keras' {@code get_config} and
 * {@code from_config}: {@link #write} puts the layer's settings into a JSON object, {@link #read}
 * makes a new, unbuilt layer from them. Weights are not part of the config: they come from the
 * weight file after the model is built. Register a codec for a layer of your own with
 * {@link LayerCodecs#with}.
 *
 * <pre>{@code
 * LayerCodec<Scale> codec = LayerCodec.of(
 *         (layer, out) -> out.number("factor", layer.factor()),
 *         in -> new Scale(in.number("factor")));
 * LayerCodecs codecs = LayerCodecs.builtIn().with("Scale", Scale.class, codec);
 * }</pre>
 *
 * @param <M> the layer class; a codec is used for that exact class only, never for a subclass
 *            (which may compute something else)
 */
public interface LayerCodec<M extends Module> {

    /** Writes the settings of {@code layer} (the caller writes its type and frozen parameters). */
    void write(M layer, ConfigWriter out);

    /**
     * Makes a new, unbuilt layer from the settings in {@code in}. Settings the codec does not ask
     * for are refused as unknown, so a misspelt key is an error rather than a default.
     */
    M read(ConfigReader in) throws ModelConfigException;

    /**
     * How many values the layer's parameters and buffers will hold once built for
     * {@code inputShape} (per example), so that a config asking for more than its weight file holds
     * is refused before anything is allocated. The default, 0, suits layers without state.
     */
    default long stateSize(M layer, int[] inputShape) {
        return 0;
    }

    /** Writes the settings of a layer. */
    @FunctionalInterface
    interface Writer<M> {
        /** Writes {@code layer}'s settings to {@code out}. */
        void write(M layer, ConfigWriter out);
    }

    /** Makes a layer from its settings. */
    @FunctionalInterface
    interface Reader<M> {
        /** Builds a layer from the settings in {@code in}, or names the setting that is wrong. */
        M read(ConfigReader in) throws ModelConfigException;
    }

    /** A codec from two lambdas, for a layer without parameters or buffers. */
    static <M extends Module> LayerCodec<M> of(Writer<M> writer, Reader<M> reader) {
        return new LayerCodec<>() {
            @Override
            public void write(M layer, ConfigWriter out) {
                writer.write(layer, out);
            }

            @Override
            public M read(ConfigReader in) throws ModelConfigException {
                return reader.read(in);
            }
        };
    }
}
