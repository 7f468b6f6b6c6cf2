package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The SIMD providers tests run against, each instantiated directly. */
final class Providers {

    private Providers() {}

    /**
     * The plain provider and the Vector API provider with both register tile heights (8 rows for 32
     * vector registers, 6 for 16), so that every machine checks both.
     */
    static Stream<String> names() {
        return Stream.of("plain", "vector-8", "vector-6");
    }

    /** Every provider name paired with every index below {@code count}: parameters for a table of test shapes. */
    static Stream<Arguments> withIndices(int count) {
        return names().flatMap(name -> IntStream.range(0, count).mapToObj(i -> Arguments.of(name, i)));
    }

    /**
     * The named provider ({@code "vector"} is the Vector API one with this machine's tile height);
     * skips the test when the Vector API module is not readable.
     */
    static FloatOps get(String name) {
        if (name.equals("plain")) {
            return SimdSupport.plain();
        }
        Optional<FloatOps> vector = switch (name) {
            case "vector" -> SimdSupport.vectorApi();
            case "vector-8" -> SimdSupport.vectorApi(8);
            case "vector-6" -> SimdSupport.vectorApi(6);
            default -> throw new IllegalArgumentException("no provider " + name);
        };
        assumeTrue(
                vector.isPresent(),
                "Vector API provider skipped: module jdk.incubator.vector is not readable (run with --add-modules jdk.incubator.vector)");
        return vector.get();
    }

    /** The Vector API provider where it has the filter-lanes tile (512-bit vectors); skips the test elsewhere. */
    static FloatOps vectorWithFilterLanes() {
        FloatOps ops = get("vector");
        assumeTrue(
                ops.filterLanesKernel() != null,
                "this machine's vectors are neither 8 nor 16 floats wide: no filter-lanes tile");
        return ops;
    }

    /** The vector provider, skipping the test where it has no shifted-rows kernel (vectors of other than 16 lanes). */
    static FloatOps vectorWithShiftedRows() {
        FloatOps ops = get("vector");
        assumeTrue(
                ops.shiftedRowsKernel() != null,
                "this machine's vectors have other than 16 lanes: no shifted-rows kernel");
        return ops;
    }
}
