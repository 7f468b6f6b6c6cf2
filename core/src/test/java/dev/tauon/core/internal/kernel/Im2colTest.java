package dev.tauon.core.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Im2col#raiseAdd} against the plainest adjoint of lowering: every im2col element added, row
 * by row and pixel by pixel, into the input element it was read from. Stride-1 rows go through the
 * provider's vector add, which must still add each element's contributions in that order, so the
 * comparison is bit for bit (a faster col2im must keep it).
 */
class Im2colTest {

    private static final ConvShape[] SHAPES = {
        new ConvShape(1, 2, 17, 17, 1, 3, 3, 1, 1, 0, 0), // conv2-like, valid: rows of 15
        new ConvShape(1, 3, 32, 32, 1, 3, 3, 1, 1, 1, 1), // same padding, rows of 32 (vector lanes)
        new ConvShape(1, 2, 40, 37, 1, 5, 5, 1, 1, 2, 2), // wide kernel, odd width
        new ConvShape(1, 2, 9, 40, 1, 3, 1, 1, 1, 1, 0), // one kernel column
        new ConvShape(1, 2, 11, 35, 1, 2, 4, 2, 1, 0, 1), // stride 2 down, 1 across, rectangular kernel
        new ConvShape(1, 1, 4, 4, 1, 4, 4, 1, 1, 0, 0), // kernel as large as the input
        new ConvShape(1, 2, 9, 9, 1, 3, 3, 2, 2, 1, 1), // stride 2 both ways: scalar adds
        new ConvShape(1, 3, 6, 6, 1, 3, 3, 1, 1, 0, 0), // conv3-like, valid: rows of 4 (the unpadded loop)
        new ConvShape(1, 2, 6, 5, 1, 3, 3, 1, 1, 1, 1), // same padding, rows of 5: added in place, no call
    };

    static Stream<Arguments> cases() {
        return Providers.withIndices(SHAPES.length);
    }

    @ParameterizedTest(name = "{0} shape #{1}")
    @MethodSource("cases")
    void raiseAddAddsInTheOrderOfTheRows(String provider, int shapeIndex) {
        ConvShape s = SHAPES[shapeIndex];
        int pixels = s.outH() * s.outW();
        int ld = pixels + 3; // a leading dimension wider than the image, as in a group of images
        int offset = 5;
        float[] col = TestData.uniform(21, offset + s.patch() * ld);
        float[] start = TestData.uniform(22, 7 + s.c() * s.h() * s.w());
        float[] expected = start.clone();
        raiseInRowOrder(col, offset, ld, s, expected, 7);
        float[] actual = start.clone();
        Im2col.raiseAdd(Providers.get(provider), col, offset, ld, s, actual, 7);
        assertArrayEquals(expected, actual, "raiseAdd of " + s);
    }

    private static void raiseInRowOrder(float[] col, int colOff, int ld, ConvShape s, float[] x, int xOff) {
        for (int ci = 0; ci < s.c(); ci++) {
            for (int ky = 0; ky < s.kh(); ky++) {
                for (int kx = 0; kx < s.kw(); kx++) {
                    int row = (ci * s.kh() + ky) * s.kw() + kx;
                    for (int oy = 0; oy < s.outH(); oy++) {
                        for (int ox = 0; ox < s.outW(); ox++) {
                            int iy = oy * s.strideH() - s.padH() + ky;
                            int ix = ox * s.strideW() - s.padW() + kx;
                            if (iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w()) {
                                x[xOff + (ci * s.h() + iy) * s.w() + ix] += col[colOff + row * ld + oy * s.outW() + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
