package org.resalign.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentSpecTest {

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void yamlRunsOverrideTheSharedSettingsAndDefaultsFillTheRest() throws IOException {
        Path f = write("skips.yaml", """
                title: skips
                claim: skips-cause-ra
                classes: [0, 3]
                width: 32
                depth: 4
                epochs: 3
                trainPerClass: 100
                runs:
                  - {label: with, type: 4a, stochasticDepth: 0.2}
                  - {label: without, type: 4b, lambda: 0.05, seed: 9}
                """);
        ExperimentSpec spec = ExperimentSpec.read(f);
        assertEquals("skips", ExperimentSpec.nameOf(f));
        assertEquals(ExperimentSpec.Claim.SKIPS_CAUSE_RA, spec.claimKind());
        List<ExperimentSpec.Run> runs = spec.resolve();
        assertEquals(2, runs.size());
        ExperimentSpec.Run a = runs.get(0);
        assertEquals(new ResNetSpec(ModelType.T4A, 32, 4, 2), a.spec());
        assertEquals(DatasetSpec.fashionMnist(new int[] {0, 3}, FashionMnist.DEFAULT_DIR, 100), a.dataset());
        assertEquals(new TrainingSettings(3, 128, 0.1, 0, 0.01, 0, 1, 0.2), a.training(), "plain SGD, the default");
        ExperimentSpec.Run b = runs.get(1);
        assertEquals(ModelType.T4B, b.spec().type());
        assertEquals(new TrainingSettings(3, 128, 0.1, 0, 0.05, 9, 1, 0), b.training());
        assertEquals(new AnalysisSettings(8, 10, 0), spec.analysisSettings());
    }

    /** The recipe's keys: shared and per run, with Nesterov's momentum defaulting to 0.9 only for Nesterov. */
    @Test
    void theOptimiserDecayScopeAndEngineAreSettings() throws IOException {
        Path f = write("recipe.yaml", """
                title: recipe
                claim: skips-cause-ra
                optimizer: nesterov
                engine: lean
                seeds: [4, 5]
                runs:
                  - {label: with, type: 4a}
                  - {label: without, type: 4b, decayScope: weights, optimizer: sgd}
                """);
        List<ExperimentSpec.Run> runs = ExperimentSpec.read(f).resolve();
        assertEquals(List.of("with-seed-4", "with-seed-5", "without-seed-4", "without-seed-5"),
                runs.stream().map(ExperimentSpec.Run::label).toList());
        TrainingSettings with = runs.get(1).training();
        assertEquals(Optimizer.NESTEROV, with.optimizer());
        assertEquals(0.9, with.momentum(), 0);
        assertEquals(DecayScope.ALL, with.decayScope());
        assertEquals(TrainingEngine.LEAN, with.engine());
        assertEquals(5, with.seed());
        TrainingSettings without = runs.get(2).training();
        assertEquals(Optimizer.SGD, without.optimizer());
        assertEquals(0, without.momentum(), 0);
        assertEquals(DecayScope.WEIGHTS, without.decayScope());
        assertEquals("without", runs.get(2).group());
    }

    @Test
    void jsonWorksTooAndOneRunGetsItsTypeAsLabel() throws IOException {
        Path f = write("one.json", """
                {"title": "one", "claim": "ra-appears", "dataset": "synthetic", "type": "4a", "classes": [0, 1, 2],
                 "inputs": 3, "k": 5, "analysisSeed": 4}
                """);
        ExperimentSpec spec = ExperimentSpec.read(f);
        ExperimentSpec.Run r = spec.resolve().get(0);
        assertEquals("type-4a", r.label());
        assertEquals(new ResNetSpec(ModelType.T4A, 64, 8, 3), r.spec());
        assertEquals(DatasetSpec.SYNTHETIC, r.dataset().kind());
        assertArrayEquals(new int[] {0, 1, 2}, r.dataset().classes());
        assertEquals(new AnalysisSettings(3, 5, 4), spec.analysisSettings());
    }

    @Test
    void aTableListsExperimentsAndTrainsNothing() throws IOException {
        Path f = write("t.yaml", """
                title: table
                claim: table
                experiments: [a, b]
                paperAccuracy: {"1": 0.909}
                """);
        ExperimentSpec spec = ExperimentSpec.read(f);
        assertEquals(List.of("a", "b"), spec.experiments());
        assertEquals(0.909, spec.paperAccuracy().get("1"));
    }

    /** Every malformed spec is one clear IllegalArgumentException naming the file. */
    @ParameterizedTest
    @ValueSource(strings = {
        "claim: ra-appears\n",
        "title: x\n",
        "title: x\nclaim: nope\n",
        "title: x\nclaim: ra-appears\nwidht: 3\n",
        "title: x\nclaim: ra-appears\nepochs: -1\n",
        "title: x\nclaim: ra-appears\nlambda: -0.1\n",
        "title: x\nclaim: ra-appears\ntype: 9z\n",
        "title: x\nclaim: ra-appears\nclasses: [0, 0]\n",
        "title: x\nclaim: ra-appears\ndataset: cifar\n",
        "title: x\nclaim: ra-appears\ninputs: 0\n",
        "title: x\nclaim: skips-cause-ra\nruns: [{label: a, type: 4a}]\n",
        "title: x\nclaim: rank-grows-with-classes\nruns: [{label: a}]\n",
        "title: x\nclaim: skips-cause-ra\nruns: [{label: a, type: 4a}, {label: a, type: 4b}]\n",
        "title: x\nclaim: skips-cause-ra\nruns: [{label: 'a/b', type: 4a}, {label: c, type: 4b}]\n",
        "title: x\nclaim: skips-cause-ra\nruns: [{label: a, type: 4a}, {type: 4b}]\n",
        "title: x\nclaim: ra-appears\nruns: [{label: a, type: 4b, stochasticDepth: 0.3}]\n",
        "title: x\nclaim: ra-appears\nstochasticDepth: 1.0\n",
        "title: x\nclaim: weight-decay-strengthens\nruns: [{label: a}, {label: b, epochs: 3}]\n",
        "title: x\nclaim: stochastic-depth-amplifies\nruns: [{label: a}, {label: b}]\n",
        "title: x\nclaim: table\n",
        "title: x\nclaim: table\nexperiments: [a]\nruns: [{label: a}]\n",
        "title: x\nclaim: ra-appears\nexperiments: [a]\n",
        "title: [x\n",
        "",
        "title: x\nclaim: ra-appears\noptimizer: adam\n",
        "title: x\nclaim: ra-appears\ndecayScope: some\n",
        "title: x\nclaim: ra-appears\nengine: gpu\n",
        "title: x\nclaim: ra-appears\nmomentum: 0.9\n",
        "title: x\nclaim: ra-appears\noptimizer: nesterov\nmomentum: 1.0\n",
        "title: x\nclaim: ra-appears\nengine: lean\ntype: 5a\n",
        "title: x\nclaim: ra-appears\nseeds: [1]\nruns: [{label: a, seed: 2}]\n",
    })
    void malformedSpecsAreRefused(String text) throws IOException {
        Path f = write("bad.yaml", text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.read(f));
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aMissingOrFolderSpecIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.read(dir.resolve("none.yaml")))
                .getMessage().contains("does not exist"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.read(dir)).getMessage()
                .contains("is not a file"));
    }
}
