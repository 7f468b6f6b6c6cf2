package dev.tauon.nn.config;

import dev.tauon.nn.Activation;
import dev.tauon.nn.Module;
import dev.tauon.nn.Sequential;
import dev.tauon.nn.layers.ActivationLayer;
import dev.tauon.nn.layers.AvgPool2D;
import dev.tauon.nn.layers.BatchNorm;
import dev.tauon.nn.layers.BatchNorm1D;
import dev.tauon.nn.layers.BatchNorm2D;
import dev.tauon.nn.layers.Concatenate;
import dev.tauon.nn.layers.Conv2D;
import dev.tauon.nn.layers.Dense;
import dev.tauon.nn.layers.Dropout;
import dev.tauon.nn.layers.Flatten;
import dev.tauon.nn.layers.GELU;
import dev.tauon.nn.layers.GlobalAvgPool2D;
import dev.tauon.nn.layers.GlobalMaxPool2D;
import dev.tauon.nn.layers.GlobalPool2D;
import dev.tauon.nn.layers.Identity;
import dev.tauon.nn.layers.LeakyReLU;
import dev.tauon.nn.layers.MaxPool2D;
import dev.tauon.nn.layers.Padding;
import dev.tauon.nn.layers.Pool2D;
import dev.tauon.nn.layers.ReLU;
import dev.tauon.nn.layers.Rescaling;
import dev.tauon.nn.layers.Residual;
import dev.tauon.nn.layers.SiLU;
import dev.tauon.nn.layers.Sigmoid;
import dev.tauon.nn.layers.Softmax;
import dev.tauon.nn.layers.Tanh;
import dev.tauon.nn.layers.ZeroPadding2D;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The codecs of the built-in layers. Settings are written under the names of Tauon's own API in
 * snake case ({@code use_bias}, {@code keep_dims}); every setting is always written, and a missing
 * one reads as the layer's default. Initialisers are not part of the config: a loaded model's
 * weights come from its file.
 */
final class BuiltInCodecs {
    private static final int MAX = ModelConfig.MAX_DIMENSION;

    private BuiltInCodecs() {}

    static LayerCodecs register(LayerCodecs codecs) {
        return codecs.with(
                        "Sequential",
                        Sequential.class,
                        LayerCodec.of(
                                (s, out) -> out.layers("layers", s.layers()),
                                in -> new Sequential(in.layers("layers", 0).toArray(new Module[0]))))
                .with("Dense", Dense.class, new DenseCodec())
                .with("Conv2D", Conv2D.class, new Conv2DCodec())
                .with("BatchNorm1D", BatchNorm1D.class, new BatchNormCodec<>(BatchNorm1D::new))
                .with("BatchNorm2D", BatchNorm2D.class, new BatchNormCodec<>(BatchNorm2D::new))
                .with(
                        "MaxPool2D",
                        MaxPool2D.class,
                        LayerCodec.of(BuiltInCodecs::writePool, in -> new MaxPool2D(pool(in), stride(in), padding(in))))
                .with(
                        "AvgPool2D",
                        AvgPool2D.class,
                        LayerCodec.of(BuiltInCodecs::writePool, in -> new AvgPool2D(pool(in), stride(in), padding(in))))
                .with(
                        "GlobalAvgPool2D",
                        GlobalAvgPool2D.class,
                        LayerCodec.of(
                                BuiltInCodecs::writeGlobalPool, in -> new GlobalAvgPool2D(in.bool("keep_dims", false))))
                .with(
                        "GlobalMaxPool2D",
                        GlobalMaxPool2D.class,
                        LayerCodec.of(
                                BuiltInCodecs::writeGlobalPool, in -> new GlobalMaxPool2D(in.bool("keep_dims", false))))
                .with(
                        "Residual",
                        Residual.class,
                        LayerCodec.of(
                                (r, out) -> {
                                    out.layer("block", r.block());
                                    if (r.shortcut() != null) {
                                        out.layer("shortcut", r.shortcut());
                                    }
                                },
                                in -> {
                                    Module block = in.layer("block");
                                    Module shortcut = in.optionalLayer("shortcut");
                                    return shortcut == null ? new Residual(block) : new Residual(block, shortcut);
                                }))
                .with(
                        "Concatenate",
                        Concatenate.class,
                        LayerCodec.of(
                                (c, out) -> out.layers("branches", c.branches()),
                                in -> new Concatenate(in.layers("branches", 1).toArray(new Module[0]))))
                .with("Flatten", Flatten.class, none(Flatten::new))
                .with(
                        "Dropout",
                        Dropout.class,
                        LayerCodec.of((d, out) -> out.number("rate", d.rate()), in -> new Dropout(in.number("rate"))))
                .with(
                        "ZeroPadding2D",
                        ZeroPadding2D.class,
                        LayerCodec.of(
                                (z, out) -> out.integers("padding", z.top(), z.bottom(), z.left(), z.right()), in -> {
                                    int[] p = in.integers("padding", 4, 0, MAX);
                                    return new ZeroPadding2D(p[0], p[1], p[2], p[3]);
                                }))
                .with(
                        "Rescaling",
                        Rescaling.class,
                        LayerCodec.of(
                                (r, out) -> out.number("scale", r.scale()).number("offset", r.offset()),
                                in -> new Rescaling(in.number("scale"), in.number("offset", 0f))))
                .with(
                        "LeakyReLU",
                        LeakyReLU.class,
                        LayerCodec.of(
                                (l, out) -> out.number("slope", l.slope()),
                                in -> new LeakyReLU(in.number("slope", Activation.LEAKY_RELU_SLOPE))))
                .with(
                        "GELU",
                        GELU.class,
                        LayerCodec.of(
                                (g, out) -> out.bool("tanh_approximation", g.activation() == Activation.GELU_TANH),
                                in -> new GELU(in.bool("tanh_approximation", false))))
                .with(
                        "Activation",
                        ActivationLayer.class,
                        LayerCodec.of(
                                (a, out) -> out.string("activation", name(a.activation())),
                                in -> new ActivationLayer(
                                        in.choice("activation", Activation.class, Activation.LINEAR))))
                .with("ReLU", ReLU.class, none(ReLU::new))
                .with("Sigmoid", Sigmoid.class, none(Sigmoid::new))
                .with("Tanh", Tanh.class, none(Tanh::new))
                .with("Softmax", Softmax.class, none(Softmax::new))
                .with("SiLU", SiLU.class, none(SiLU::new))
                .with("Identity", Identity.class, none(Identity::new));
    }

    /** A layer without settings. */
    private static <M extends Module> LayerCodec<M> none(Supplier<M> make) {
        return LayerCodec.of((layer, out) -> {}, in -> make.get());
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void writePool(Pool2D p, ConfigWriter out) {
        out.integer("pool", p.pool()).integer("stride", p.stride()).integer("padding", p.padding());
    }

    private static int pool(ConfigReader in) throws ModelConfigException {
        return in.integer("pool", 1, MAX);
    }

    private static int stride(ConfigReader in) throws ModelConfigException {
        return in.integer("stride", pool(in), 1, MAX);
    }

    private static int padding(ConfigReader in) throws ModelConfigException {
        return in.integer("padding", 0, 0, MAX);
    }

    private static void writeGlobalPool(GlobalPool2D g, ConfigWriter out) {
        out.bool("keep_dims", g.keepDims());
    }

    /** {@code a * b}, or {@link Long#MAX_VALUE} past it: a size that large is refused anyway. */
    static long times(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }

    private static final class DenseCodec implements LayerCodec<Dense> {
        @Override
        public void write(Dense d, ConfigWriter out) {
            out.integer("units", d.units())
                    .string("activation", name(d.activation()))
                    .bool("use_bias", d.hasBias());
        }

        @Override
        public Dense read(ConfigReader in) throws ModelConfigException {
            Dense d = new Dense(
                    in.integer("units", 1, MAX), in.choice("activation", Activation.class, Activation.LINEAR));
            d.useBias(in.bool("use_bias", true));
            return d;
        }

        @Override
        public long stateSize(Dense d, int[] in) {
            return times(in[0], d.units()) + (d.hasBias() ? d.units() : 0);
        }
    }

    private static final class Conv2DCodec implements LayerCodec<Conv2D> {
        @Override
        public void write(Conv2D c, ConfigWriter out) {
            out.integer("filters", c.filters())
                    .integers("kernel", c.kernelHeight(), c.kernelWidth())
                    .integer("stride", c.stride())
                    .string("padding", name(c.padding()))
                    .string("activation", name(c.activation()))
                    .bool("use_bias", c.hasBias());
        }

        @Override
        public Conv2D read(ConfigReader in) throws ModelConfigException {
            int filters = in.integer("filters", 1, MAX);
            int[] k = in.integers("kernel", 2, 1, MAX);
            Conv2D c = new Conv2D(filters, k[0], k[1], in.choice("activation", Activation.class, Activation.LINEAR));
            c.stride(in.integer("stride", 1, 1, MAX)).padding(in.choice("padding", Padding.class, Padding.VALID));
            c.useBias(in.bool("use_bias", true));
            return c;
        }

        @Override
        public long stateSize(Conv2D c, int[] in) {
            long weight = times(times(times(c.filters(), in[0]), c.kernelHeight()), c.kernelWidth());
            return weight == Long.MAX_VALUE ? weight : weight + (c.hasBias() ? c.filters() : 0);
        }
    }

    private static final class BatchNormCodec<B extends BatchNorm> implements LayerCodec<B> {
        private final Supplier<B> make;

        BatchNormCodec(Supplier<B> make) {
            this.make = make;
        }

        @Override
        public void write(B b, ConfigWriter out) {
            out.number("momentum", b.momentum())
                    .number("epsilon", b.epsilon())
                    .bool("scale", b.hasScale())
                    .bool("shift", b.hasShift());
        }

        @Override
        public B read(ConfigReader in) throws ModelConfigException {
            B b = make.get();
            b.momentum(in.number("momentum", BatchNorm.DEFAULT_MOMENTUM))
                    .epsilon(in.number("epsilon", BatchNorm.DEFAULT_EPSILON));
            b.scale(in.bool("scale", true)).shift(in.bool("shift", true));
            return b;
        }

        @Override
        public long stateSize(B b, int[] in) {
            return (2L + (b.hasScale() ? 1 : 0) + (b.hasShift() ? 1 : 0))
                    * in[0]; // running mean and variance, weight, bias
        }
    }
}
