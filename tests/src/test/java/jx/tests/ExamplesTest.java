package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The training examples run as the README says (from the repository root) and learn. */
class ExamplesTest {
    private static final Pattern LOSS = Pattern.compile("loss (\\d+\\.\\d+)");

    private static List<Double> losses(String out) {
        Matcher m = LOSS.matcher(out);
        return m.results().map(r -> Double.parseDouble(r.group(1))).toList();
    }

    private static void assertDecreasing(List<Double> losses, String out) {
        assertTrue(losses.size() >= 4, out);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), "loss went up at line " + (i + 1) + ":\n" + out);
        }
    }

    @Test
    void irisLogisticRegressionLearns() throws Exception {
        Jx.Result r = Jx.run("examples/iris_logistic_regression.jx");
        assertEquals(0, r.exit(), r::toString);
        List<Double> losses = losses(r.out());
        assertDecreasing(losses, r.out());
        assertEquals(Math.log(3), losses.get(0), 1e-4, "zero weights predict 1/3 for each species");
        Matcher acc = Pattern.compile("training accuracy (\\d\\.\\d+)").matcher(r.out());
        assertTrue(acc.find(), r::toString);
        assertTrue(Double.parseDouble(acc.group(1)) > 0.9, r::toString);
    }

    @Test
    void mlpWithAdamLearns() throws Exception {
        Jx.Result r = Jx.run("examples/mlp_adam.jx");
        assertEquals(0, r.exit(), r::toString);
        List<Double> losses = losses(r.out());
        assertDecreasing(losses, r.out());
        // The targets carry noise of standard deviation 0.05: the fit gets close to its variance.
        assertTrue(losses.get(losses.size() - 1) < 0.01, r::toString);
    }

    @Test
    void cnnLearnsToTellBarsApart() throws Exception {
        Jx.Result r = Jx.run("examples/cnn.jx");
        assertEquals(0, r.exit(), r::toString);
        List<Double> losses = losses(r.out());
        assertTrue(losses.size() >= 4 && losses.get(losses.size() - 1) < losses.get(0) / 10, r::toString);
        Matcher acc = Pattern.compile("accuracy (\\d\\.\\d+)").matcher(r.out());
        assertTrue(acc.find(), r::toString);
        assertTrue(Double.parseDouble(acc.group(1)) > 0.9, r::toString);
    }

    @Test
    void linearRegressionFindsTheLine() throws Exception {
        Jx.Result r = Jx.run("examples/linear_regression.jx");
        assertEquals(0, r.exit(), r::toString);
        List<Double> losses = losses(r.out());
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) / 100, r::toString);
        Matcher fit = Pattern.compile("w = (-?\\d+\\.\\d+), b = (-?\\d+\\.\\d+)").matcher(r.out());
        assertTrue(fit.find(), r::toString);
        assertEquals(3.0, Double.parseDouble(fit.group(1)), 0.05, r::toString);
        assertEquals(-2.0, Double.parseDouble(fit.group(2)), 0.05, r::toString);
    }

    @Test
    void newtonWithTheHessianReachesTheMinimumOfRosenbrock() throws Exception {
        Jx.Result r = Jx.run("examples/newton_rosenbrock.jx");
        assertEquals(0, r.exit(), r::toString);
        // Newton's iterates from (-1.2, 1) are known: f = 24.2, 4.73, 1411.8, 0.056, 0.31, ~0.
        assertTrue(r.out().contains("step 1  f = 4.73"), r::toString);
        assertTrue(r.out().contains("minimum near [1. 1.]"), r::toString);
    }

    @Test
    void perExampleGradientsAverageToTheGradientOfTheMean() throws Exception {
        Jx.Result r = Jx.run("examples/per_example_grads.jx");
        assertEquals(0, r.exit(), r::toString);
        Matcher mean = Pattern.compile("their mean: (\\[[^\\]]*\\])").matcher(r.out());
        Matcher direct = Pattern.compile("grad of the mean loss: (\\[[^\\]]*\\])").matcher(r.out());
        assertTrue(mean.find() && direct.find(), r::toString);
        assertEquals(direct.group(1), mean.group(1), r::toString);
        assertTrue(r.out().startsWith("[[-1. -0. -0.]\n [-0. -2. -0.]\n [-1. -1. -1.]\n [ 0.  0. -0.]]"), r::toString);
    }
}
