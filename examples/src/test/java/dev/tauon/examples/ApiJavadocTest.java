package dev.tauon.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tauon.core.Tensor;
import dev.tauon.data.Dataset;
import dev.tauon.nn.Module;
import dev.tauon.onnx.OnnxExport;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build check that every public type, constructor, method and field in an exported package of
 * the library modules has a doc comment: javadoc's doclint over their sources, failing on each
 * "no comment". Internal packages are skipped; missing {@code @param}/{@code @return} tags are not
 * required (a one-line comment that says what a method does is). The rest of doclint (HTML,
 * references, syntax) is enforced by the javadoc jar each library module builds. It lives here
 * because this module depends on all of the library.
 */
class ApiJavadocTest {

    /** The library modules whose exported packages must be documented. */
    private static final List<String> LIBRARY_MODULES = List.of("core", "nn", "data", "onnx");

    @Test
    void everyPublicMemberOfAnExportedPackageHasADocComment(@TempDir Path out) throws Exception {
        List<Path> sources = new ArrayList<>();
        for (String module : LIBRARY_MODULES) {
            sources.addAll(exportedSources(projectRoot().resolve(module).resolve("src/main/java")));
        }
        List<String> problems = new ArrayList<>();
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(null, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-Xdoclint:missing",
                    "-quiet",
                    "-Xmaxwarns",
                    "100000",
                    "-encoding",
                    "UTF-8",
                    "-d",
                    out.toString(),
                    "--class-path",
                    String.join(
                            File.pathSeparator,
                            location(org.slf4j.Logger.class),
                            // The library's own jars: the documented sources use the internal classes in them.
                            location(Tensor.class),
                            location(Module.class),
                            location(Dataset.class),
                            location(OnnxExport.class)));
            javadoc.getTask(
                            null,
                            files,
                            diagnostic -> {
                                String message = diagnostic.getMessage(Locale.ROOT);
                                if (diagnostic.getKind() == Diagnostic.Kind.ERROR || message.equals("no comment")) {
                                    problems.add(where(diagnostic) + ": " + message);
                                }
                            },
                            null,
                            options,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
        }
        assertEquals(
                List.of(), problems, problems.size() + " public members without a doc comment (or javadoc errors)");
    }

    private static String where(Diagnostic<? extends JavaFileObject> diagnostic) {
        JavaFileObject source = diagnostic.getSource();
        return (source == null
                        ? "?"
                        : projectRoot().relativize(Path.of(source.toUri())).toString()) + ":"
                + diagnostic.getLineNumber();
    }

    /** The sources of a module's exported packages: all but module-info and the internal packages. */
    private static List<Path> exportedSources(Path sourceRoot) throws IOException {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> !sourceRoot.relativize(p).toString().contains("internal" + File.separator))
                    .sorted()
                    .toList();
        }
    }

    private static Path projectRoot() {
        String root = System.getenv("TAUON_PROJECT_ROOT"); // set by the build's surefire configuration
        return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent())
                .toAbsolutePath()
                .normalize();
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
