package dev.capstan.cli.quickstart;

import java.util.Random;
import java.util.function.Consumer;

/**
 * A tiny, deterministic training job that gives the quickstart real numbers to log: logistic regression on
 * polynomial features of two inputs, trained by mini-batch gradient descent to tell points inside a circle from
 * points outside it. Degree 1 cannot draw a circle; degree 2 can, so the runs differ in a way worth comparing.
 */
final class ToyTraining {

    static final int EPOCHS = 20;
    static final int BATCH_SIZE = 32;
    static final long SEED = 42;

    /** One configuration to train. */
    record Config(String runName, double learningRate, int degree) {
    }

    /** Loss (mean log loss) and accuracy after one epoch, on the training and the validation samples. */
    record Epoch(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {
    }

    /** Labelled points: {@code x[i]} is (x1, x2), {@code y[i]} is 0 or 1. */
    record Samples(double[][] x, int[] y) {
        int size() {
            return y.length;
        }
    }

    private ToyTraining() {
    }

    /** {@code n} points uniform in [-1, 1]², labelled 1 inside the circle x1² + x2² < 0.5, 5% of labels flipped. */
    static Samples circle(int n, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {2 * random.nextDouble() - 1, 2 * random.nextDouble() - 1};
            int inside = x[i][0] * x[i][0] + x[i][1] * x[i][1] < 0.5 ? 1 : 0;
            y[i] = random.nextDouble() < 0.05 ? 1 - inside : inside;
        }
        return new Samples(x, y);
    }

    /** Trains for {@link #EPOCHS} epochs, reporting each to {@code onEpoch}, and returns the weights. */
    static double[] train(Config config, Samples train, Samples validation, Consumer<Epoch> onEpoch) {
        double[][] features = features(train, config.degree());
        double[][] valFeatures = features(validation, config.degree());
        double[] weights = new double[features[0].length];
        Random random = new Random(SEED);
        int[] order = identity(train.size());
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < order.length; start += BATCH_SIZE) {
                step(weights, features, train.y(), order, start, config.learningRate());
            }
            double[] trainScore = evaluate(weights, features, train.y());
            double[] valScore = evaluate(weights, valFeatures, validation.y());
            onEpoch.accept(new Epoch(epoch, trainScore[0], trainScore[1], valScore[0], valScore[1]));
        }
        return weights;
    }

    /** The monomials x1^i · x2^j with i + j ≤ degree, the constant 1 first. */
    static double[] features(double x1, double x2, int degree) {
        double[] f = new double[(degree + 1) * (degree + 2) / 2];
        int k = 0;
        for (int total = 0; total <= degree; total++) {
            for (int j = 0; j <= total; j++) {
                f[k++] = Math.pow(x1, total - j) * Math.pow(x2, j);
            }
        }
        return f;
    }

    private static double[][] features(Samples samples, int degree) {
        double[][] f = new double[samples.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = features(samples.x()[i][0], samples.x()[i][1], degree);
        }
        return f;
    }

    /** One gradient step on the mean log loss of the batch that starts at {@code start}. */
    private static void step(double[] w, double[][] f, int[] y, int[] order, int start, double learningRate) {
        int end = Math.min(order.length, start + BATCH_SIZE);
        double[] gradient = new double[w.length];
        for (int b = start; b < end; b++) {
            int i = order[b];
            double error = predict(w, f[i]) - y[i];
            for (int k = 0; k < w.length; k++) {
                gradient[k] += error * f[i][k];
            }
        }
        for (int k = 0; k < w.length; k++) {
            w[k] -= learningRate * gradient[k] / (end - start);
        }
    }

    /** {mean log loss, accuracy} of the weights on the samples. */
    private static double[] evaluate(double[] w, double[][] f, int[] y) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            double p = Math.min(Math.max(predict(w, f[i]), 1e-12), 1 - 1e-12);
            loss -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
            correct += (p >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
        }
        return new double[] {loss / y.length, (double) correct / y.length};
    }

    private static double predict(double[] w, double[] f) {
        double z = 0;
        for (int k = 0; k < w.length; k++) {
            z += w[k] * f[k];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
