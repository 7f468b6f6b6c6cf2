package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector provider's transposition with its blocks (16 x 16, or 8 x 8 with 8 lanes) moved by
 * lanes in one method, in two halves, and with gathers alone, with the machine's vectors and with 8
 * lanes ({@code -XX:MaxVectorSize=32}, as on AVX2): each JVM decides once, at start-up, which it
 * takes (by default lane moves, in halves before JDK 25), so each runs in a JVM of its own, whatever
 * JDK runs the tests.
 */
class TransposeByLaneMovesTest {

    @ParameterizedTest(name = "transposeBlocks={0} transposeHalves={1} MaxVectorSize={2}")
    @CsvSource({"true, true, 0", "true, false, 0", "false, true, 0", "true, true, 32", "false, true, 32"})
    void movesEveryElementToItsPlace(boolean blocks, boolean halves, int maxVectorBytes) throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        List<String> options = new ArrayList<>(List.of(
                "--add-modules",
                "jdk.incubator.vector",
                "-Dtauon.simd.transposeBlocks=" + blocks,
                "-Dtauon.simd.transposeHalves=" + halves));
        if (maxVectorBytes > 0) {
            options.add("-XX:MaxVectorSize=" + maxVectorBytes);
        }
        String log = ChildJvm.run(TransposeMain.class, options);
        // 6,000 transpositions, and 400 of the filter-lanes kernel's where the vectors have 16 or 8 lanes.
        boolean lanes = maxVectorBytes == 32 || Providers.get("vector").filterLanesKernel() != null;
        assertTrue(
                log.contains("provider=vector transposeBlocks=" + blocks + " transposeHalves=" + halves + " checked="
                        + (lanes ? 6400 : 6000)),
                log);
    }
}
