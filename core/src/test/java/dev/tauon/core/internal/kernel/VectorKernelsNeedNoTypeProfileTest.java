package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20: some two-thread JVMs ran GEMM ~15x slower for their whole life, because C2 had compiled
 * the Vector API micro-kernel with a thin type profile and its store intrinsics failed. The kernel
 * now casts its vectors to their exact class, so it must compile fully even with no type profile at
 * all: {@code -XX:-UseTypeProfile} makes the bad case certain (before the fix, all 16 stores of every
 * compile failed under it). Read from C2's {@code PrintInlining} log of the kernel.
 */
class VectorKernelsNeedNoTypeProfileTest {

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {8, 6})
    void gemmKernelCompilesEveryIntrinsicWithoutATypeProfile(int rows) throws Exception {
        compilesEveryIntrinsicWithoutATypeProfile(GemmLoopMain.class, rows, "packed");
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {8, 6})
    void directConvolutionKernelCompilesEveryIntrinsicWithoutATypeProfile(int rows) throws Exception {
        compilesEveryIntrinsicWithoutATypeProfile(DirectConvLoopMain.class, rows, "direct");
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {8, 6})
    void gatheredWeightGradientKernelCompilesEveryIntrinsicWithoutATypeProfile(int rows) throws Exception {
        compilesEveryIntrinsicWithoutATypeProfile(WeightGradLoopMain.class, rows, "gatheredA");
    }

    /** The eight-row panel copy of a transposed A: before its exact-class casts it boxed 3.5 MB a CNN training step. */
    @Test
    void transposedPanelCopyCompilesEveryIntrinsicWithoutATypeProfile() throws Exception {
        compilesEveryIntrinsicWithoutATypeProfile(
                GemmLoopMain.class,
                "dev.tauon.core.internal.simd.VectorGemmBlockKernel::packTransposedPanel",
                List.of("-Dtauon.simd.tileRows=8", "-Dtauon.test.transA=true"));
    }

    /**
     * The loops {@link VectorOpsLoopMain} runs. The channels-last input gradient's adds, both ways
     * (runs of 32 floats down the rows, runs of 64 run by run through add: that loop boxed every
     * vector without its exact-class cast, conv3's input gradient at about half its speed), add
     * itself (weight-gradient partials, col2im) and ReLU's backward, whose stores failed without a
     * type profile until they got the same casts. The Winograd transforms, a vector of channels,
     * tiles or filters at a time: their loads went through a small helper once, which C2 left out of
     * line in the filter transform in some runs (NodeCountInliningCutoff), and the vectors it
     * returned were boxed. GELU and its gradient in double vectors: without exact-class casts the
     * airbench step's profile showed their series test's mask boxed, a boolean[] a vector, in steady
     * state.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "VectorApiOps::addRuns",
                "VectorApiOps::add",
                "VectorApiOps::reluBackward",
                "VectorWinogradInput::transform",
                "VectorWinogradInputPlane::split",
                "VectorWinogradInputPlane::transformRows",
                "VectorTilePixels::pick",
                "VectorWinogradInputPlane::gatherPairs",
                "VectorWinogradInputPlane::transformGathered",
                "VectorWinogradOutput::transform",
                "VectorWinogradOutput::transformAndPlace",
                "VectorWinogradOutput::gradient",
                "VectorWinogradFilters::transform",
                "VectorWinogradFilters::gradient",
                "VectorGelu::value",
                "VectorGelu::gradient"
            })
    void opsLoopKernelsCompileEveryIntrinsicWithoutATypeProfile(String kernel) throws Exception {
        compilesEveryIntrinsicWithoutATypeProfile(
                VectorOpsLoopMain.class, "dev.tauon.core.internal.simd." + kernel, List.of());
    }

    /**
     * The filter-lanes tile in both forms (pixels anywhere, and two runs of three), and the pass that
     * adds its k blocks with the bias and ReLU (its vectors merge three branches).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tile", "tileRuns", "addSums"})
    void filterLanesKernelCompilesEveryIntrinsicWithoutATypeProfile(String method) throws Exception {
        Assumptions.assumeTrue(
                Providers.get("vector").filterLanesKernel() != null,
                "this machine's vectors are neither 8 nor 16 floats wide: no filter-lanes tile");
        // The tile is this machine's (FourVectorFilterLanes or TwoVectorFilterLanes); the passes around it are shared.
        Class<?> kernel = Providers.get("vector").filterLanesKernel().getClass();
        compilesEveryIntrinsicWithoutATypeProfile(
                DirectConvLoopMain.class,
                (method.startsWith("tile") ? kernel.getName() : "dev.tauon.core.internal.simd.VectorFilterLanesKernel")
                        + "::" + method,
                List.of("-Dtauon.test.convPath=" + ConvForwardPath.DIRECT_FILTER_LANES.name()));
    }

    /** The tap-by-tap input gradient's tiles for 64 and 32 channels: wide and narrow with 16 lanes, the one tile with 8. */
    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {64, 32})
    void tapTileKernelCompilesEveryIntrinsicWithoutATypeProfile(int channels) throws Exception {
        Assumptions.assumeTrue(
                Providers.get("vector").tapTileKernel(channels) != null,
                "this machine's vectors are too short for the tap tiles");
        // 16 lanes: VectorTapTileKernel's two tiles, one method each; 8 lanes: TwoVectorTapTile's one.
        String kernel =
                Providers.get("vector").tapTileKernel(channels).getClass().getName();
        compilesEveryIntrinsicWithoutATypeProfile(
                TapTileLoopMain.class,
                kernel + "::" + (kernel.endsWith("TwoVectorTapTile") ? "addTile" : channels == 64 ? "wide" : "narrow"),
                List.of("-Dtauon.test.channels=" + channels));
    }

    /**
     * Callees that take arrays and ints only, so nothing boxes when C2 leaves them out of line: {@code
     * addRuns}' default loop calls {@code add}, which is compiled (and checked, above) by itself; C2
     * declined to inline it there ("too big" for a call site it thought cold) in some runs on a busy
     * machine. The Winograd transforms' scalar loops for what is past their last whole vector are too
     * big to inline, always; so are the split's scalar copy of a row's last columns and the scalar loop that
     * picks the tiles' pixels of an output gradient a vector does not fit.
     */
    private static final List<String> TAKE_NO_VECTORS = List.of(
            "dev.tauon.core.internal.simd.VectorApiOps::add ",
            "dev.tauon.core.internal.kernel.WinogradInputTiles::splitRow ",
            "dev.tauon.core.internal.kernel.WinogradOutputTiles::pixels ",
            "dev.tauon.core.internal.kernel.WinogradInputTiles::transform ",
            "dev.tauon.core.internal.kernel.WinogradOutputTiles::transform ",
            "dev.tauon.core.internal.kernel.WinogradFilterTiles::");

    /** Runs {@code main} with tiles of {@code rows} rows and reads the log of that tile class's {@code method}. */
    private static void compilesEveryIntrinsicWithoutATypeProfile(Class<?> main, int rows, String method)
            throws Exception {
        String kernel = "dev.tauon.core.internal.simd." + (rows == 8 ? "EightRowTiles" : "SixRowTiles") + "::" + method;
        compilesEveryIntrinsicWithoutATypeProfile(main, kernel, List.of("-Dtauon.simd.tileRows=" + rows));
    }

    /** Runs {@code main} with {@code flags} and reads C2's inlining log of {@code kernel} ({@code class::method}). */
    private static void compilesEveryIntrinsicWithoutATypeProfile(Class<?> main, String kernel, List<String> flags)
            throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        List<String> options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        options.addAll(flags);
        options.addAll(List.of(
                "-XX:-UseTypeProfile",
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=option," + kernel + ",PrintInlining"));
        String log = ChildJvm.run(main, options);
        assertTrue(log.contains("provider=vector"), log);
        // JDK 17 prints "(38 bytes)   (intrinsic)", JDK 25 adds "   late inline succeeded"; a failure reads
        // "(38 bytes)   failed to inline (intrinsic)" on both.
        assertTrue(
                Pattern.compile("VectorSupport::store \\(\\d+ bytes\\)\\s+\\(intrinsic\\)")
                        .matcher(log)
                        .find(),
                "C2 compiled " + kernel + " within the run, with its stores as intrinsics:\n" + tail(log));
        assertFalse(log.contains("failed to inline (intrinsic)"), "a Vector API intrinsic failed:\n" + tail(log));
        // A helper that takes vectors boxes them unless inlined; JDK 25 declined one in the direct
        // kernel for its size. (Other "failed to inline" lines are harmless: exception paths of casts.)
        for (String cutoff : List.of("NodeCountInliningCutoff", "too big")) {
            boolean boxes = log.lines()
                    .filter(line -> line.contains(cutoff))
                    .anyMatch(line -> TAKE_NO_VECTORS.stream().noneMatch(line::contains));
            assertFalse(boxes, "a call in " + kernel + " was not inlined (" + cutoff + "):\n" + tail(log));
        }
        assertFalse(log.contains("virtual call"), "a call in " + kernel + " stayed virtual:\n" + tail(log));
    }

    private static String tail(String log) {
        return log.length() < 4000 ? log : log.substring(log.length() - 4000);
    }
}
