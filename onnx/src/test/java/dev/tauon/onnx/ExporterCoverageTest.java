package dev.tauon.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.nn.Module;
import dev.tauon.nn.layers.Dense;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every concrete layer class in {@code dev.tauon.nn.layers} has an exporter: a new layer without one fails here. */
class ExporterCoverageTest {

    @Test
    void everyLayerClassHasAnExporter() throws Exception {
        List<Class<?>> layers = layerClasses();
        assertTrue(layers.size() >= 25, "found only " + layers);
        List<String> missing = new ArrayList<>();
        for (Class<?> c : layers) {
            if (Module.class.isAssignableFrom(c)
                    && !Modifier.isAbstract(c.getModifiers())
                    && !OnnxExport.supports(c.asSubclass(Module.class))) {
                missing.add(c.getSimpleName());
            }
        }
        assertEquals(List.of(), missing, "layers without an ONNX exporter");
    }

    /** The top-level classes of the layers package, from the classes folder or the jar Dense was loaded from. */
    private static List<Class<?>> layerClasses() throws Exception {
        URI location =
                Dense.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        Path root = Path.of(location);
        if (Files.isDirectory(root)) {
            return classesIn(root.resolve("dev/tauon/nn/layers"));
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
            return classesIn(jar.getPath("dev/tauon/nn/layers"));
        }
    }

    private static List<Class<?>> classesIn(Path folder) throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
                    classes.add(Class.forName("dev.tauon.nn.layers." + file.substring(0, file.length() - 6)));
                }
            }
        }
        return classes;
    }
}
