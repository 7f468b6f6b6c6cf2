package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector provider's transposition with its 16 x 16 blocks moved by lanes in one method, in two
 * halves, and with gathers alone: each JVM decides once, at start-up, which it takes (by default
 * lane moves, in halves before JDK 25), so each runs in a JVM of its own, whatever JDK runs the
 * tests.
 */
class TransposeByLaneMovesTest {

    @ParameterizedTest(name = "transposeBlocks={0} transposeHalves={1}")
    @CsvSource({"true, true", "true, false", "false, true"})
    void movesEveryElementToItsPlace(boolean blocks, boolean halves) throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        String log = ChildJvm.run(
                TransposeMain.class,
                List.of(
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Dtauon.simd.transposeBlocks=" + blocks,
                        "-Dtauon.simd.transposeHalves=" + halves));
        // 6,000 transpositions, and 400 of the filter-lanes kernel's where the vectors have 16 lanes.
        boolean lanes = Providers.get("vector").filterLanesKernel() != null;
        assertTrue(
                log.contains("provider=vector transposeBlocks=" + blocks + " transposeHalves=" + halves + " checked="
                        + (lanes ? 6400 : 6000)),
                log);
    }
}
