package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The library must load and compute on a JVM started with no flag at all (the surefire JVM has the
 * Vector API module), so this starts one: same java binary, plain class path, no --add-modules.
 */
class NoVectorFlagTest {

    @Test
    void worksWithoutTheVectorModule() throws Exception {
        String output = run(List.of());
        assertTrue(output.contains("provider=plain vectorModule=false"), output);
    }

    @Test
    void propertyForcesPlainEvenWithTheModule() throws Exception {
        String output = run(List.of("--add-modules", "jdk.incubator.vector", "-Dtauon.simd=plain"));
        assertTrue(output.contains("provider=plain vectorModule=true"), output);
    }

    @Test
    void forcingVectorWithoutTheModuleFallsBackToPlain() throws Exception {
        String output = run(List.of("-Dtauon.simd=vector"));
        assertTrue(output.contains("provider=plain vectorModule=false"), output);
    }

    /** The guarantee behind "the same results either way": training gives the same bits on both providers. */
    @Test
    void trainingGivesTheSameBitsWithAndWithoutTheVectorModule() throws Exception {
        String plain = run(List.of());
        String vector = run(List.of("--add-modules", "jdk.incubator.vector"));
        assertTrue(plain.contains("provider=plain"), plain);
        assertTrue(vector.contains("provider=vector"), vector);
        assertEquals(
                checksum("checksum", plain), checksum("checksum", vector), "plain:\n" + plain + "\nvector:\n" + vector);
        assertEquals(
                checksum("opsChecksum", plain),
                checksum("opsChecksum", vector),
                "plain:\n" + plain + "\nvector:\n" + vector);
    }

    /** Both register tile heights, whichever this machine would choose, give the plain provider's bits. */
    @Test
    void bothTileHeightsTrainToThePlainProvidersBits() throws Exception {
        String plain = run(List.of());
        for (String rows : List.of("6", "8")) {
            String vector = run(List.of("--add-modules", "jdk.incubator.vector", "-Dtauon.simd.tileRows=" + rows));
            assertTrue(vector.contains("tiles of " + rows + " rows"), vector);
            assertEquals(checksum("checksum", plain), checksum("checksum", vector), rows + " rows:\n" + vector);
            assertEquals(checksum("opsChecksum", plain), checksum("opsChecksum", vector), rows + " rows:\n" + vector);
        }
    }

    /**
     * 8-lane vectors (what an AVX2 machine gets; {@code -XX:UseAVX=2} on an AVX-512 one) give the
     * plain provider's bits too: the row-dot weight gradient keeps 16 partial sums as two vectors there.
     */
    @Test
    void eightLaneVectorsGiveThePlainProvidersBits() throws Exception {
        String arch = System.getProperty("os.arch");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                arch.equals("amd64") || arch.equals("x86_64"), "-XX:UseAVX is an x86 flag; this JVM runs on " + arch);
        String plain = run(List.of());
        String vector = run(List.of("--add-modules", "jdk.incubator.vector", "-XX:UseAVX=2"));
        assertTrue(vector.contains("provider=vector") && vector.contains("256-bit"), vector);
        assertEquals(
                checksum("opsChecksum", plain),
                checksum("opsChecksum", vector),
                "plain:\n" + plain + "\nAVX2:\n" + vector);
        assertEquals(
                checksum("checksum", plain), checksum("checksum", vector), "plain:\n" + plain + "\nAVX2:\n" + vector);
    }

    @Test
    void anUnknownTileHeightIsIgnoredForTheMachinesOwn() throws Exception {
        String output = run(List.of("--add-modules", "jdk.incubator.vector", "-Dtauon.simd.tileRows=7"));
        assertTrue(output.matches("(?s).*tiles of [68] rows.*"), output);
    }

    @Test
    void aProviderWithATileHeightItHasNotIsRefusedByName() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs the Vector API module");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimdSupport.vectorApi(7));
        assertTrue(e.getMessage().contains("6 or 8 rows, not 7"), e.getMessage());
        assertTrue(SimdSupport.vectorApi(6).orElseThrow().describe().contains("tiles of 6 rows"));
    }

    private static String checksum(String name, String output) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\w+)").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    @Test
    void vectorProviderIsTheDefaultWhenTheModuleIsReadable() {
        boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String forced = System.getProperty("tauon.simd", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                readable && forced.isEmpty(),
                "needs a JVM started with --add-modules jdk.incubator.vector and no -Dtauon.simd");
        assertEquals("vector", SimdSupport.active().name());
    }

    private static String run(List<String> jvmArgs) throws Exception {
        return ChildJvm.run(NoFlagMain.class, jvmArgs);
    }
}
