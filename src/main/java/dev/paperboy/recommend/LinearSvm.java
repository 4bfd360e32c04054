package dev.paperboy.recommend;

import java.util.List;
import java.util.Random;

/**
 * A linear SVM with squared hinge loss and an L2 penalty, trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, liblinear's {@code solve_l2r_l1l2_svc}): the solver behind scikit-learn's {@code LinearSVC},
 * which arxiv-sanity-lite uses per user. The intercept is a constant feature of 1, penalised like the weights, as
 * liblinear's {@code intercept_scaling=1} does; {@code class_weight='balanced'} scales C per class by
 * {@code n / (2 n_class)}.
 */
public final class LinearSvm {
    private final double[] weights;
    private final double bias;
    private final int epochs;

    private LinearSvm(double[] weights, double bias, int epochs) {
        this.weights = weights;
        this.bias = bias;
        this.epochs = epochs;
    }

    /**
     * @param positive which of {@code x} are positives; the rest are negatives
     * @param tolerance liblinear's stopping tolerance on the projected gradient
     */
    public static LinearSvm train(List<SparseVector> x, boolean[] positive, int dimension, double c, double tolerance,
            int maxEpochs, long seed) {
        int n = x.size();
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        int negatives = n - positives;
        double cPos = c * n / (2.0 * Math.max(1, positives));
        double cNeg = c * n / (2.0 * Math.max(1, negatives));
        double diagPos = 0.5 / cPos;
        double diagNeg = 0.5 / cNeg;
        double[] w = new double[dimension];
        double b = 0;
        double[] alpha = new double[n];
        double[] qd = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            qd[i] = x.get(i).squaredNorm() + 1.0 + (positive[i] ? diagPos : diagNeg);
            order[i] = i;
        }
        var random = new Random(seed);
        int active = n;
        double pgMaxOld = Double.POSITIVE_INFINITY;
        double pgMinOld = Double.NEGATIVE_INFINITY;
        int epoch = 0;
        while (epoch < maxEpochs) {
            double pgMax = Double.NEGATIVE_INFINITY;
            double pgMin = Double.POSITIVE_INFINITY;
            for (int i = 0; i < active; i++) {
                int j = i + random.nextInt(active - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int s = 0; s < active; s++) {
                int i = order[s];
                SparseVector xi = x.get(i);
                double yi = positive[i] ? 1 : -1;
                double g = yi * (xi.dot(w) + b) - 1 + alpha[i] * (positive[i] ? diagPos : diagNeg);
                double pg = 0;
                if (alpha[i] == 0) {
                    if (g > pgMaxOld) {
                        active--;
                        order[s] = order[active];
                        order[active] = i;
                        s--;
                        continue;
                    } else if (g < 0) {
                        pg = g;
                    }
                } else {
                    pg = g;
                }
                pgMax = Math.max(pgMax, pg);
                pgMin = Math.min(pgMin, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.max(alpha[i] - g / qd[i], 0);
                    double d = (alpha[i] - old) * yi;
                    xi.addTo(w, d);
                    b += d;
                }
            }
            epoch++;
            if (pgMax - pgMin <= tolerance) {
                if (active == n) {
                    break;
                }
                active = n;
                pgMaxOld = Double.POSITIVE_INFINITY;
                pgMinOld = Double.NEGATIVE_INFINITY;
                continue;
            }
            pgMaxOld = pgMax <= 0 ? Double.POSITIVE_INFINITY : pgMax;
            pgMinOld = pgMin >= 0 ? Double.NEGATIVE_INFINITY : pgMin;
        }
        return new LinearSvm(w, b, epoch);
    }

    public double score(SparseVector x) {
        return x.dot(weights) + bias;
    }

    public int epochs() {
        return epochs;
    }

    public double weight(int term) {
        return weights[term];
    }

    public int dimension() {
        return weights.length;
    }
}
