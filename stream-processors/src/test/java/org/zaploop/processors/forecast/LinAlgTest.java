package org.zaploop.processors.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinAlgTest {

    @Test
    void ridgeSolveSatisfiesTheRegularisedNormalEquations() {
        Random r = new Random(7);
        int n = 9;
        int m = 5;
        int rows = 40;
        double lambda = 0.3;
        double[] x = new double[rows * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] a = new double[n * n]; // XᵀX, full (the solver reads the lower triangle)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < rows; k++) {
                    a[i * n + j] += x[k * n + i] * x[k * n + j];
                }
            }
        }
        double[] b = new double[n * m];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        int unpenalised = 2;
        double[] sol = LinAlg.ridgeSolve(a, b, n, m, lambda, unpenalised);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < m; c++) {
                double lhs = 0;
                for (int j = 0; j < n; j++) {
                    lhs += (a[i * n + j] + (i == j && i != unpenalised ? lambda : 0)) * sol[j * m + c];
                }
                assertEquals(b[i * m + c], lhs, 1e-9, "row " + i + ", column " + c);
            }
        }
    }
}
