package dev.tauon.nn.config;

import dev.tauon.nn.Module;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The layer types a model config can hold, each a type name and a {@link LayerCodec}:
 * {@link #builtIn()} has every layer of {@code dev.tauon.nn.layers} and {@code Sequential} under
 * its class's simple name; {@link #with} adds your own, as Keras' {@code custom_objects}. Immutable:
 * {@code with} returns a new set.
 */
public final class LayerCodecs {
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]{0,127}");
    private static final LayerCodecs BUILT_IN = BuiltInCodecs.register(new LayerCodecs(Map.of(), Map.of()));

    private final Map<String, LayerCodec<?>> byType;
    private final Map<Class<?>, String> typeByClass;

    private LayerCodecs(Map<String, LayerCodec<?>> byType, Map<Class<?>, String> typeByClass) {
        this.byType = byType;
        this.typeByClass = typeByClass;
    }

    /** The codecs of the built-in layers. */
    public static LayerCodecs builtIn() {
        return BUILT_IN;
    }

    /**
     * These codecs and one more, for layers of exactly {@code layerClass}, written as
     * {@code "type": type}.
     *
     * @throws IllegalArgumentException if the type name is taken, not a plain identifier (letters,
     *                                  digits, {@code _ . $ -}, at most 128), or the class has a codec
     */
    public <M extends Module> LayerCodecs with(String type, Class<M> layerClass, LayerCodec<M> codec) {
        Objects.requireNonNull(layerClass, "layerClass");
        Objects.requireNonNull(codec, "codec");
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("LayerCodecs: type name " + type + " must be 1 to 128 letters, digits,"
                    + " '_', '.', '$' or '-', not starting with a digit");
        }
        if (byType.containsKey(type)) {
            throw new IllegalArgumentException(
                    "LayerCodecs: type name '" + type + "' is taken by " + classOf(type) + "; choose another");
        }
        if (typeByClass.containsKey(layerClass)) {
            throw new IllegalArgumentException("LayerCodecs: " + layerClass.getName() + " already has a codec, as '"
                    + typeByClass.get(layerClass) + "'");
        }
        Map<String, LayerCodec<?>> types = new LinkedHashMap<>(byType);
        Map<Class<?>, String> classes = new LinkedHashMap<>(typeByClass);
        types.put(type, codec);
        classes.put(layerClass, type);
        return new LayerCodecs(Collections.unmodifiableMap(types), Collections.unmodifiableMap(classes));
    }

    /** Whether layers of exactly this class can be written. */
    public boolean has(Class<? extends Module> layerClass) {
        return typeByClass.containsKey(layerClass);
    }

    /** The type name layers of exactly this class are written under, or {@code null}. */
    public String typeOf(Class<? extends Module> layerClass) {
        return typeByClass.get(layerClass);
    }

    private String classOf(String type) {
        return typeByClass.entrySet().stream()
                .filter(e -> e.getValue().equals(type))
                .map(e -> e.getKey().getName())
                .findFirst()
                .orElse("?");
    }

    /** The codec for a type name, or {@code null}. */
    LayerCodec<?> codec(String type) {
        return byType.get(type);
    }

    /** The known type names, for messages. */
    Iterable<String> types() {
        return byType.keySet();
    }
}
