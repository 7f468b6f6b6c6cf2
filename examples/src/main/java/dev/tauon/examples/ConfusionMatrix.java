package dev.tauon.examples;

/** Counts of (true class, predicted class) pairs, for the test-set report. */
public final class ConfusionMatrix {
    private final String[] classNames;
    private final long[][] counts;

    public ConfusionMatrix(String[] classNames) {
        this.classNames = classNames.clone();
        this.counts = new long[classNames.length][classNames.length];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public int classes() {
        return classNames.length;
    }

    public String className(int i) {
        return classNames[i];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Fraction of examples on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        long n = total();
        return n == 0 ? 0 : (double) right / n;
    }

    /** CSV with the actual class down the rows and the predicted class across, names in the header. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("actual\\predicted");
        for (String name : classNames) {
            sb.append(',').append(name);
        }
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(classNames[i]);
            for (long c : counts[i]) {
                sb.append(',').append(c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
