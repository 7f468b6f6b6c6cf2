package dev.tauon.nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.Dense;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lists the classes of {@code dev.tauon.nn.layers} from the compiled classes and fails when a
 * concrete layer has no config codec, or is missing from the round-trip models: a new layer cannot
 * slip out of {@code Models.load}'s reach.
 */
class EveryLayerHasACodecTest {

    static List<Class<? extends Module>> concreteLayers()
            throws IOException, URISyntaxException, ClassNotFoundException {
        // the main classes' directory, not the first on the class path: the tests have a layers package too
        URL root = Dense.class.getProtectionDomain().getCodeSource().getLocation();
        Path dir = Path.of(root.toURI()).resolve(Dense.class.getPackageName().replace('.', '/'));
        assertTrue(Files.isDirectory(dir), "the layers must be on the class path as a directory, found " + root);
        List<Class<? extends Module>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".class") || n.contains("$") || n.equals("package-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(Dense.class.getPackageName() + "." + n.substring(0, n.length() - 6));
                if (Module.class.isAssignableFrom(c)
                        && !Modifier.isAbstract(c.getModifiers())
                        && Modifier.isPublic(c.getModifiers())) {
                    out.add(c.asSubclass(Module.class));
                }
            }
        }
        return out;
    }

    @Test
    void everyConcreteLayerHasABuiltInCodec() throws Exception {
        List<Class<? extends Module>> layers = concreteLayers();
        assertTrue(layers.size() >= 23, "found only " + layers);
        Set<String> missing = new TreeSet<>();
        for (Class<? extends Module> c : layers) {
            if (!LayerCodecs.builtIn().has(c)) {
                missing.add(c.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing, "layers without a config codec (add one in BuiltInCodecs)");
        assertTrue(LayerCodecs.builtIn().has(Sequential.class));
    }

    @Test
    void everyConcreteLayerIsInTheRoundTripModels() throws Exception {
        Set<Class<?>> used = new HashSet<>();
        for (ConfigModels.Case c : ConfigModels.all()) {
            collect(c.model(), used, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        Set<String> missing = new TreeSet<>();
        for (Class<? extends Module> c : concreteLayers()) {
            if (!used.contains(c)) {
                missing.add(c.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing, "layers no round-trip model uses (add them to ConfigModels)");
    }

    private static void collect(Module m, Set<Class<?>> used, Set<Module> seen) {
        if (seen.add(m)) {
            used.add(m.getClass());
            m.children().values().forEach(c -> collect(c, used, seen));
        }
    }
}
