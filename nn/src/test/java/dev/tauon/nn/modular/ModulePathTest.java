package dev.tauon.nn.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tauon as named modules: a JVM with core and nn (and slf4j-api) on the module path and the
 * application on the class path finds the Vector API through the library's own layer, and trains.
 */
class ModulePathTest {

    @Test
    void namedModulesChooseTheVectorApiAndTrain() throws Exception {
        String output = run(List.of("--add-modules", "dev.tauon.nn,jdk.incubator.vector"));
        assertTrue(output.contains("coreModule=dev.tauon.core"), output);
        assertTrue(output.contains("nnModule=dev.tauon.nn"), output);
        assertTrue(output.contains("provider=vector"), output);
        assertLossFell(output);
    }

    @Test
    void namedModulesWithoutTheVectorModuleUsePlainLoops() throws Exception {
        String output = run(List.of("--add-modules", "dev.tauon.nn"));
        assertTrue(output.contains("coreModule=dev.tauon.core"), output);
        assertTrue(output.contains("provider=plain"), output);
        assertLossFell(output);
    }

    @Test
    void namedModulesRefuseTheVectorApiWithoutC2() throws Exception {
        String output = run(List.of("--add-modules", "dev.tauon.nn,jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
        assertTrue(output.contains("provider=plain"), output);
        assertTrue(output.contains("Not using the Vector API") && output.contains("-XX:TieredStopAtLevel=1"), output);
    }

    private static void assertLossFell(String output) {
        Matcher m = Pattern.compile("firstLoss=(\\S+) lastLoss=(\\S+)").matcher(output);
        assertTrue(m.find(), output);
        assertTrue(Double.parseDouble(m.group(2)) < Double.parseDouble(m.group(1)) * 0.9, output);
    }

    private static String run(List<String> jvmArgs) throws Exception {
        String modulePath = String.join(
                File.pathSeparator,
                location(Tensor.class),
                location(Module.class),
                location(org.slf4j.LoggerFactory.class));
        // slf4j-simple from the class path: slf4j-api's ServiceLoader finds it there too.
        String classPath = String.join(
                File.pathSeparator,
                location(ModulePathMain.class),
                location(org.slf4j.LoggerFactory.getILoggerFactory().getClass()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("--module-path", modulePath, "-cp", classPath, ModulePathMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish: " + output);
        assertEquals(0, process.exitValue(), command + "\n" + output);
        return output;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
