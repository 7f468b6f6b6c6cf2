package dev.tauon.nn.train;

/** Thrown by {@code fit} when a batch's loss is NaN or infinite: training has diverged and goes no further. */
public class NonFiniteLossException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    /** The epoch of the bad loss, from 1. */
    private final int epoch;
    /** The batch of the bad loss within its epoch, from 1. */
    private final int batch;

    /** The loss {@code loss} was not finite at {@code batch} of {@code epoch} (both from 1). */
    public NonFiniteLossException(int epoch, int batch, float loss) {
        super("loss is " + loss + " at epoch " + epoch + ", batch " + batch
                + " (both from 1); training stopped. Lower the learning rate or check the inputs for NaN");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, from 1. */
    public int batch() {
        return batch;
    }
}
