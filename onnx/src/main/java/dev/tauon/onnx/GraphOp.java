package dev.tauon.onnx;

import dev.tauon.core.Tensor;
import dev.tauon.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ONNX operator with no layer of its own in Tauon, computed with tensor ops: element-wise
 * arithmetic (broadcasting as ONNX does), the error function, joining along axis 1. Constant
 * operands are buffers ({@code constant0}, ...), so they are saved with the model.
 */
final class GraphOp extends Module {
    enum Kind {
        ADD,
        SUB,
        MUL,
        DIV,
        ERF,
        CONCAT
    }

    private final Kind kind;
    private final Tensor[] constants;

    /** {@code constants[i]} is operand i if it is a constant, else {@code null} (a value of the graph). */
    GraphOp(Kind kind, Tensor... constants) {
        this.kind = kind;
        this.constants = constants.clone();
        for (int i = 0; i < constants.length; i++) {
            if (constants[i] != null) {
                registerBuffer("constant" + i, constants[i]);
            }
        }
    }

    /** Computes the operator from the graph's values, in order, with the constants slotted in. */
    Tensor apply(List<Tensor> values) {
        List<Tensor> operands = new ArrayList<>();
        int next = 0;
        for (Tensor c : constants) {
            operands.add(c != null ? c : values.get(next++));
        }
        return compute(kind, operands);
    }

    /**
     * The number of values the result holds, from the shapes of the graph values it reads (batch
     * included) and of the constants, without computing it: ONNX's broadcasting, or the joined
     * size; -1 if the shapes do not fit or the size is past 2^62.
     */
    long outputSize(List<int[]> valueShapes) {
        List<int[]> shapes = new ArrayList<>();
        int next = 0;
        for (Tensor c : constants) {
            shapes.add(c != null ? c.shape() : valueShapes.get(next++));
        }
        if (kind == Kind.CONCAT) {
            long total = 0;
            for (int[] s : shapes) {
                long n = GraphImporter.elements(s);
                if (n < 0 || total > (1L << 62) - n) {
                    return -1;
                }
                total += n;
            }
            return total;
        }
        int rank = shapes.stream().mapToInt(s -> s.length).max().orElse(0);
        int[] out = new int[rank];
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int d = s[s.length - 1 - i];
                int o = out[rank - 1 - i];
                if (o > 1 && d > 1 && o != d) {
                    return -1;
                }
                out[rank - 1 - i] = Math.max(o, d);
            }
        }
        return GraphImporter.elements(out);
    }

    static Tensor compute(Kind kind, List<Tensor> x) {
        switch (kind) {
            case ADD:
                return x.get(0).add(x.get(1));
            case SUB:
                return x.get(0).sub(x.get(1));
            case MUL:
                return x.get(0).mul(x.get(1));
            case DIV:
                return x.get(0).div(x.get(1));
            case ERF:
                return x.get(0).erf();
            default:
                return Tensor.concat(1, x.toArray(Tensor[]::new));
        }
    }

    Kind kind() {
        return kind;
    }

    /** Operand {@code i} if it is a constant, else {@code null}. */
    Tensor constant(int i) {
        return constants[i];
    }

    int arity() {
        return constants.length;
    }

    @Override
    public Tensor forward(Tensor x) {
        return apply(List.of(x));
    }

    @Override
    public String name() {
        return kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT);
    }
}
