package dev.tauon.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reverse-mode differentiation: a topological walk of the recorded graph, output first. Both the
 * sort and the walk are iterative, so a chain of any length fits in the stack.
 */
final class Autograd {
    private Autograd() {}

    static void backward(Tensor root, float[] seed) {
        List<Tensor> order = topologicalOrder(root);
        root.accumulateGrad(seed);
        // `order` has every input before the ops that read it; walk it backwards.
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            Node node = t.node;
            float[] g = t.grad == null ? null : t.grad.data;
            if (g != null) {
                if (node.backward instanceof Node.ReusingBackward reusing) {
                    // Without retainsGrad, t's gradient is dropped right below, so its array is the op's to reuse.
                    reusing.apply(g, !t.retainsGrad);
                } else {
                    node.backward.apply(g);
                }
            }
            node.release();
            if (!t.retainsGrad) {
                t.grad = null; // an intermediate's gradient is needed only until its inputs have theirs
            }
        }
    }

    /** Tensors with a graph node reachable from {@code root}, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        if (root.node == null) {
            throw new IllegalStateException("backward: tensor " + Shapes.str(root.shape)
                    + " has no graph (it does not require grad, or was made inside a NoGrad scope)");
        }
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Each stack frame is a tensor and how many of its inputs have been pushed so far.
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        stack.push(root);
        next.push(new int[1]);
        seen.add(root);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            Node node = t.node;
            if (node.released()) {
                throw new IllegalStateException("backward: the graph through '" + node.op + "' (output "
                        + Shapes.str(t.shape) + ") was already released by an earlier backward; "
                        + "run the forward pass again");
            }
            int[] k = next.peek();
            if (k[0] < node.inputs.length) {
                Tensor in = node.inputs[k[0]++];
                if (in.node != null && in.requiresGrad && seen.add(in)) {
                    stack.push(in);
                    next.push(new int[1]);
                }
            } else {
                stack.pop();
                next.pop();
                order.add(t);
            }
        }
        return order;
    }
}
