package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Vector API is refused, with a log line, where C2 would not compile it. */
class CompilerCheckTest {

    private static Optional<String> refusal(Map<String, String> flags, String vmInfo) {
        return CompilerCheck.refusal(name -> Optional.ofNullable(flags.get(name)), vmInfo);
    }

    private static final Map<String, String> SERVER =
            Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", "4");

    @Test
    void aDefaultServerJvmIsAccepted() {
        assertEquals(Optional.empty(), refusal(SERVER, "mixed mode, sharing"));
        assertEquals(Optional.empty(), refusal(Map.of(), "mixed mode, sharing"), "flags unreadable: vm.info decides");
    }

    @Test
    void c1OnlyIsRefused() {
        Map<String, String> c1 = Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", "1");
        assertEquals(
                Optional.of("C2 is disabled (-XX:TieredStopAtLevel=1)"),
                refusal(c1, "mixed mode, emulated-client, sharing"));
        assertTrue(refusal(Map.of(), "mixed mode, emulated-client, sharing")
                .orElseThrow()
                .contains("emulated-client"));
    }

    @Test
    void stopLevelDoesNotMatterWithoutTieredCompilation() {
        Map<String, String> c2Only =
                Map.of("UseCompiler", "true", "TieredCompilation", "false", "TieredStopAtLevel", "1");
        assertEquals(Optional.empty(), refusal(c2Only, "mixed mode, sharing"));
    }

    @Test
    void interpreterIsRefused() {
        Map<String, String> noCompiler =
                Map.of("UseCompiler", "false", "TieredCompilation", "true", "TieredStopAtLevel", "4");
        assertTrue(refusal(noCompiler, "mixed mode, sharing").orElseThrow().contains("interpreted"));
        assertTrue(refusal(Map.of(), "interpreted mode, sharing").orElseThrow().contains("interpreted"));
    }

    @Test
    void jvmciCompilerIsRefused() {
        Map<String, String> graal = Map.of(
                "UseCompiler",
                "true",
                "TieredCompilation",
                "true",
                "TieredStopAtLevel",
                "4",
                "UseJVMCICompiler",
                "true");
        assertEquals(
                Optional.of("a JVMCI compiler is in use (-XX:+UseJVMCICompiler), not C2"),
                refusal(graal, "mixed mode"));
    }

    @Test
    void thisJvmReadsItsFlags() {
        // Surefire's JVM runs with C2: the MXBean path must not refuse it.
        assertEquals(Optional.empty(), CompilerCheck.vectorApiRefusal());
    }

    @Test
    void aC1OnlyJvmUsesPlainLoopsAndSaysWhy() throws Exception {
        String output = ChildJvm.run(
                ProviderMain.class, List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
        assertTrue(output.contains("provider=plain"), output);
        assertTrue(output.contains("Not using the Vector API") && output.contains("-XX:TieredStopAtLevel=1"), output);
    }

    @Test
    void aJvmWithoutJitUsesPlainLoopsAndSaysWhy() throws Exception {
        String output =
                ChildJvm.run(ProviderMain.class, List.of("--add-modules", "jdk.incubator.vector", "-XX:-UseCompiler"));
        assertTrue(output.contains("provider=plain"), output);
        assertTrue(output.contains("Not using the Vector API") && output.contains("interpreted"), output);
    }

    @Test
    void theSameJvmWithC2UsesTheVectorApi() throws Exception {
        String output = ChildJvm.run(ProviderMain.class, List.of("--add-modules", "jdk.incubator.vector"));
        assertTrue(output.contains("provider=vector"), output);
    }
}
