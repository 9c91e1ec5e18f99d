package org.resalign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resalign.bridge.ExperimentSpec;
import org.resalign.bridge.FashionMnist;
import org.resalign.bridge.ModelType;

import picocli.CommandLine;

/**
 * A run from the command line and a spec that leaves the same settings out resolve to the same network, data,
 * training and analysis: the options and the spec read one set of defaults. The spec states only what differs by
 * design (the data); each type family is checked, since widths and depths depend on it.
 */
class RunDefaultsCliTest {

    @TempDir
    Path dir;

    private static BridgeSkipsCommand parsed(String... args) {
        BridgeSkipsCommand c = new BridgeSkipsCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private ExperimentSpec.Run specRun(String type, String dataset, String classes) throws IOException {
        Path f = dir.resolve("s" + type + dataset + ".yaml");
        Files.writeString(f, "title: t\nclaim: ra-appears\ntype: \"" + type + "\"\ndataset: " + dataset
                + "\nclasses: [" + classes + "]\n");
        return ExperimentSpec.read(f).resolve().get(0);
    }

    @Test
    void commandLineAndSpecDefaultsAgree() throws IOException {
        for (String type : new String[] {"1", "2", "3", "4a", "5a"}) {
            BridgeSkipsCommand c = parsed("--out", "x");
            ExperimentSpec.Run s = specRun(type, "synthetic", "0, 1");
            ModelType t = ModelType.parse(type);
            assertEquals(s.spec(), c.training.spec(t, 2), type);
            assertEquals(s.dataset(), c.training.datasetSpec(), type);
            assertEquals(s.training(), c.training.settings(), type);
        }
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "title: t\nclaim: ra-appears\n");
        assertEquals(ExperimentSpec.read(f).analysisSettings(), parsed("--out", "x").analysis.settings());
    }

    /** FashionMNIST from the command line is the spec's default data on the same classes, from the same folder. */
    @Test
    void fashionMnistFromTheDefaultFolder() throws IOException {
        BridgeSkipsCommand c = parsed("--out", "x", "--dataset", "fashion-mnist");
        Path f = dir.resolve("f.yaml");
        Files.writeString(f, "title: t\nclaim: ra-appears\nclasses: [0, 1]\n");
        ExperimentSpec.Run s = ExperimentSpec.read(f).resolve().get(0);
        assertEquals(s.dataset(), c.training.datasetSpec());
        assertEquals(FashionMnist.DEFAULT_DIR.toString(), s.dataset().directory());
    }

    /** Negative control: a flag that moves a setting away from its default is seen as a different run. */
    @Test
    void aChangedSettingIsADifferentRun() throws IOException {
        ExperimentSpec.Run s = specRun("4a", "synthetic", "0, 1");
        assertNotEquals(s.training(), parsed("--out", "x", "--lambda", "5e-3").training.settings());
        assertNotEquals(s.dataset(), parsed("--out", "x", "--train-per-class", "64").training.datasetSpec());
        assertNotEquals(s.spec(), parsed("--out", "x", "--width", "32").training.spec(ModelType.T4A, 2));
        assertNotEquals(new ExperimentSpec(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, 9, null, null, null, null, null, null, null, null, null, null)
                .analysisSettings(),
                parsed("--out", "x").analysis.settings());
    }
}
