package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reading images a plane at a time ({@link WinogradConv2d#readsPlanes}) changes only the transformed
 * input's layout, not a bit of the passes: {@link WinogradPlanesMain} in JVMs with the planes read
 * and not ({@code -Dtauon.conv.winogradPlanes=false}), with the machine's vectors and with 8 lanes,
 * and on the plain provider, prints one hash.
 */
class WinogradPlanesTest {

    private static final Pattern LINE = Pattern.compile("planes=(\\w+) hash=(\\w+)");

    @Test
    void planesOnOrOffGiveTheSameBitsOnEveryWidthAndProvider() throws Exception {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs a JVM started with --add-modules jdk.incubator.vector");
        List<String> vector = List.of("--add-modules", "jdk.incubator.vector");
        Matcher planes = run(vector);
        assertEquals("yyyy", planes.group(1), "the four shapes read planes");
        Matcher transposed = run(List.of("--add-modules", "jdk.incubator.vector", "-Dtauon.conv.winogradPlanes=false"));
        assertEquals("nnnn", transposed.group(1), "the switch turns the planes off");
        assertEquals(planes.group(2), transposed.group(2), "planes against channels last");
        Matcher narrow = run(List.of("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32"));
        assertEquals(planes.group(2), narrow.group(2), "8-lane vectors");
        Matcher plain = run(List.of("--add-modules", "jdk.incubator.vector", "-Dtauon.simd=plain"));
        assertEquals(planes.group(2), plain.group(2), "the plain provider");
    }

    private static Matcher run(List<String> jvmArgs) throws Exception {
        String log = ChildJvm.run(WinogradPlanesMain.class, jvmArgs);
        Matcher m = LINE.matcher(log);
        assertTrue(m.find(), log);
        return m;
    }
}
