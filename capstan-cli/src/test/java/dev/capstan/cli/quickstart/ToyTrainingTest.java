package dev.capstan.cli.quickstart;

import dev.capstan.cli.quickstart.ToyTraining.Config;
import dev.capstan.cli.quickstart.ToyTraining.Epoch;
import dev.capstan.cli.quickstart.ToyTraining.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToyTrainingTest {

    private static final Samples TRAIN = ToyTraining.circle(400, 1);
    private static final Samples VALIDATION = ToyTraining.circle(200, 2);

    @Test
    void aCircleNeedsQuadraticFeatures() {
        Epoch linear = last(train(new Config("linear", 0.5, 1)));
        Epoch quadratic = last(train(new Config("quadratic", 0.5, 2)));

        assertThat(linear.valAccuracy()).isLessThan(0.7);
        assertThat(quadratic.valAccuracy()).isGreaterThan(0.8);
    }

    @Test
    void lossFallsAsTrainingGoesOn() {
        List<Epoch> epochs = train(new Config("quadratic", 0.5, 2));

        assertThat(epochs).hasSize(ToyTraining.EPOCHS);
        assertThat(last(epochs).trainLoss()).isLessThan(epochs.get(0).trainLoss());
    }

    @Test
    void trainingIsDeterministic() {
        assertThat(train(new Config("a", 1.0, 3))).isEqualTo(train(new Config("a", 1.0, 3)));
        assertThat(DemoExperiment.digest(ToyTraining.circle(10, 3))).isEqualTo(DemoExperiment.digest(ToyTraining.circle(10, 3)))
                .hasSize(8);
    }

    @Test
    void featuresAreTheMonomialsUpToTheDegree() {
        assertThat(ToyTraining.features(2, 3, 2)).containsExactly(1, 2, 3, 4, 6, 9);
    }

    private static List<Epoch> train(Config config) {
        List<Epoch> epochs = new ArrayList<>();
        ToyTraining.train(config, TRAIN, VALIDATION, epochs::add);
        return epochs;
    }

    private static Epoch last(List<Epoch> epochs) {
        return epochs.get(epochs.size() - 1);
    }
}
