package dev.tauon.nn.layers;

import dev.tauon.core.PadMode;
import dev.tauon.core.Shapes;
import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import dev.tauon.nn.Summary;

/** Adds rows and columns of zeros around NCHW images, like Keras' {@code ZeroPadding2D}. */
public class ZeroPadding2D extends Module {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** The same padding on all four sides. */
    public ZeroPadding2D(int padding) {
        this(padding, padding, padding, padding);
    }

    /** {@code height} rows above and below, {@code width} columns left and right. */
    public ZeroPadding2D(int height, int width) {
        this(height, height, width, width);
    }

    /** Pads with zeros: {@code top} and {@code bottom} rows, {@code left} and {@code right} columns. */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D: padding (top " + top + ", bottom " + bottom + ", left "
                    + left + ", right " + right + ") must be >= 0");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** Rows of zeros above. */
    public int top() {
        return top;
    }

    /** Rows of zeros below. */
    public int bottom() {
        return bottom;
    }

    /** Columns of zeros on the left. */
    public int left() {
        return left;
    }

    /** Columns of zeros on the right. */
    public int right() {
        return right;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(name() + ": input " + Summary.tauonShape(in) + " must be [N, C, H, W]");
        }
        return new int[] {in[0], in[1] + top + bottom, in[2] + left + right};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(name() + ": input " + Shapes.str(x.shape()) + " must be [N, C, H, W]");
        }
        return x.pad(PadMode.ZERO, left, right, top, bottom);
    }

    /** {@code ZeroPadding2D(1)} when all sides are equal, else {@code ZeroPadding2D(top, bottom, left, right)}. */
    @Override
    public String name() {
        boolean even = top == bottom && top == left && top == right;
        return "ZeroPadding2D(" + (even ? top : top + ", " + bottom + ", " + left + ", " + right) + ")";
    }
}
