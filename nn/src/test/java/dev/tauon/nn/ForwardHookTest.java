package dev.tauon.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tauon.core.Generator;
import dev.tauon.core.Tensor;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Residual;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardHookTest {

    /** Records the calls it sees, as "before name" / "after name". */
    private static final class Recorder implements ForwardHook {
        final List<String> seen = new ArrayList<>();
        final String tag;

        Recorder(String tag) {
            this.tag = tag;
        }

        @Override
        public void beforeForward(Module module, Tensor input) {
            seen.add("before " + tag);
        }

        @Override
        public Tensor afterForward(Module module, Tensor input, Tensor output) {
            seen.add("after " + tag);
            return output;
        }
    }

    @Test
    void containersRunTheirChildrenThroughTheirHooks() {
        Dense inSequential = new Dense(2);
        Dense inResidualBlock = new Dense(2);
        Dense inResidualShortcut = new Dense(2);
        Dense inConcatenate = new Dense(2);
        Dense last = new Dense(3, Activation.SOFTMAX);
        Sequential model = new Sequential(
                inSequential, new Residual(inResidualBlock, inResidualShortcut), new Concatenate(inConcatenate), last);
        model.build(new Generator(1), 2);
        List<String> log = new ArrayList<>();
        Dense[] layers = {inSequential, inResidualBlock, inResidualShortcut, inConcatenate, last};
        for (int i = 0; i < layers.length; i++) {
            String tag = "layer" + i;
            layers[i].addForwardHook(new ForwardHook() {
                @Override
                public void beforeForward(Module module, Tensor input) {
                    log.add(tag);
                }
            });
        }
        model.call(Tensor.ones(1, 2));
        assertEquals(List.of("layer0", "layer1", "layer2", "layer3", "layer4"), log);
        log.clear();
        model.callLogits(Tensor.ones(1, 2));
        assertEquals(
                List.of("layer0", "layer1", "layer2", "layer3", "layer4"),
                log,
                "the logits path runs the last layer's hooks too");
    }

    @Test
    void hooksRunInOrderAndARegistrationRemovesItsHook() {
        Dense d = new Dense(2);
        d.build(new Generator(1), 3);
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        ForwardHook.Registration ra = d.addForwardHook(a);
        d.addForwardHook(b);
        d.call(Tensor.ones(1, 3));
        assertEquals(List.of("before a"), a.seen.subList(0, 1));
        assertEquals(List.of("before a", "after a"), a.seen);
        ra.close();
        ra.close();
        d.call(Tensor.ones(1, 3));
        assertEquals(2, a.seen.size(), "a removed hook does not run");
        assertEquals(4, b.seen.size());
        d.forward(Tensor.ones(1, 3));
        assertEquals(4, b.seen.size(), "forward itself runs no hooks");
    }

    @Test
    void aHookMayReplaceTheOutput() {
        Dense d = new Dense(2);
        d.build(new Generator(1), 3);
        Tensor replacement = Tensor.zeros(1, 2);
        d.addForwardHook(new ForwardHook() {
            @Override
            public Tensor afterForward(Module module, Tensor input, Tensor output) {
                return replacement;
            }
        });
        assertSame(replacement, d.call(Tensor.ones(1, 3)));
    }

    @Test
    void buffersAddedFromOutsideAreSavedAndCanBeRemoved() {
        Dense d = new Dense(2);
        d.build(new Generator(1), 3);
        Tensor extra = d.registerBuffer("extra", Tensor.ones(2));
        assertSame(extra, d.stateDict().get("extra"));
        assertSame(extra, d.removeBuffer("extra"));
        assertArrayEquals(
                new String[] {"weight", "bias"}, d.stateDict().keySet().toArray(new String[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.removeBuffer("extra"));
        assertTrue(e.getMessage().contains("no buffer 'extra'"), e.getMessage());
    }
}
