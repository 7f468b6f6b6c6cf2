package dev.tauon.nn.init;

import java.util.Arrays;

/**
 * Eigenvalues and eigenvectors of a small real symmetric matrix by cyclic Jacobi rotations, in
 * double precision. Meant for the few-dozen-dimensional matrices of initialisers (a 2x2x3 patch
 * covariance is 12x12), where its simplicity beats a tridiagonal QR and its accuracy is at the level
 * of double rounding.
 *
 * @param values  eigenvalues, largest first
 * @param vectors {@code vectors[k]} is the unit eigenvector of {@code values[k]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** Decomposes {@code a} (square, symmetric; not modified). */
    static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("eigen: row " + i + " has " + a[i].length + " columns, not " + n);
            }
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n]; // columns become the eigenvectors
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-30 * Math.max(1e-300, diagonal(m)); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, v, p, q);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = m[order[k]][order[k]];
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v[i][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** One Jacobi rotation that zeroes m[p][q] (Golub and Van Loan, algorithm 8.4.1). */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        if (m[p][q] == 0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) { // m = m J
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) { // m = J^T m
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j) {
                    sum += m[i][j] * m[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonal(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i] * m[i][i];
        }
        return sum;
    }
}
