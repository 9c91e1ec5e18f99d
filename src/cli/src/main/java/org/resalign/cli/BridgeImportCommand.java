package org.resalign.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.resalign.bridge.BridgeVersions;
import org.resalign.bridge.DatasetSpec;
import org.resalign.bridge.FashionMnist;
import org.resalign.bridge.ImportReport;
import org.resalign.bridge.ModelFile;
import org.resalign.bridge.ModelInfo;
import org.resalign.bridge.OnnxImport;
import org.resalign.bridge.Split;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resalign bridge import MODEL.onnx --out MODEL.zip}: a network trained elsewhere, for the bridge commands. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a ResNet exported to ONNX (by PyTorch's torch.onnx.export, say) in the paper's block "
                + "form: a fully-connected or 4×4 stride-2 convolutional stem from 28×28 images with batch norm and "
                + "ReLU; blocks h' = relu(h + BN(W2 relu(BN(W1 h)))) of two fully-connected layers or two 3×3 "
                + "convolutions (torchvision's BasicBlock, with one projection shortcut where the resolution halves), "
                + "or without the skip; average pooling and a linear classifier. Batch norms the exporter folded "
                + "into convolutions are recognised. Writes a model file that analyze and compare read.",
                "Exit code 0 when the model is written; 2 for a file that is not ONNX or a node the block form has "
                        + "no place for (named with its operator)."})
public final class BridgeImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "The model file to write.")
    Path out;

    @Option(names = "--dataset", paramLabel = "fashion-mnist", description = "The data it was trained on, when it is "
            + "FashionMNIST: analyze and compare then measure it at training inputs without --at.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIRECTORY,
            description = "FashionMNIST's folder (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--classes", paramLabel = "C,C,…", description = "With --dataset: its classes, as many as the "
            + "classifier's outputs (default 0, 1, … C−1).")
    String classes;

    @Option(names = "--lambda", paramLabel = "λ", description = "The weight decay it was trained with; compare needs "
            + "it for the UJM.")
    Double lambda;

    @Option(names = "--epoch", paramLabel = "E", description = "The epochs it had been trained when exported (0: "
            + "its initialisation); bridge epochs places it there.")
    Integer epoch;

    @Option(names = "--seed", paramLabel = "S", description = "The seed of its training run; bridge epochs takes the "
            + "imported networks of one seed as the snapshots of one run.")
    Long seed;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() {
        json.validate();
        long t0 = System.nanoTime();
        if (Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + " is a directory; give a model file name");
        }
        BadInputException.requireWritableFile("--out " + out, out);
        if (lambda != null && !(lambda > 0 && Double.isFinite(lambda))) {
            throw new BadInputException("--lambda must be positive and finite, got " + lambda);
        }
        if (epoch != null && epoch < 0) {
            throw new BadInputException("--epoch must be ≥ 0, got " + epoch);
        }
        if (dataset == null && classes != null) {
            throw new BadInputException("--classes names the classes of a --dataset; give --dataset too");
        }
        OnnxImport.Imported imported = OnnxImport.read(model);
        DatasetSpec data = declared(imported.spec().classes());
        Split split = data == null ? null : data.load();
        OnnxImport.Imported withLambda = new OnnxImport.Imported(imported.graph(), imported.spec(),
                imported.origin().withWeightDecay(lambda).withRun(epoch, seed), imported.representations());
        ModelInfo info = withLambda.info(data, split);
        ModelFile.write(withLambda.graph(), info, out);
        ImportReport report = new ImportReport("bridge import", out.toString(), info.spec(), data, info.origin(),
                BridgeVersions.all(), (System.nanoTime() - t0) / 1e9, "imported");
        PrintWriter human = json.human();
        human.printf(Locale.ROOT, "bridge import  %s → %s%n", model, out);
        human.printf(Locale.ROOT, "  type %s, D = %d, L = %d, C = %d, from %s (ONNX IR %d, opset %d, %d nodes)%n",
                info.spec().type().optionName(), info.spec().width(), info.spec().depth(), info.spec().classes(),
                info.origin().producer(), info.origin().irVersion(), info.origin().opset(), info.origin().nodes());
        for (String f : info.origin().folded()) {
            human.println("  " + f);
        }
        human.println(data == null ? "  no training data declared: analyze and compare need --at INPUTS.npy"
                : String.format(Locale.ROOT, "  trained on %s: train accuracy %.4f, test accuracy %.4f", data,
                        info.trainAccuracy(), info.testAccuracy()));
        human.flush();
        json.write(report);
        return Main.HOLDS;
    }

    private DatasetSpec declared(int outputs) {
        if (dataset == null) {
            return null;
        }
        int[] cs;
        if (classes == null) {
            cs = new int[outputs];
            for (int c = 0; c < outputs; c++) {
                cs[c] = c;
            }
        } else {
            cs = DatasetSpec.parseClasses(classes);
        }
        if (cs.length != outputs) {
            throw new BadInputException("--classes names " + cs.length + " classes; the network's classifier has "
                    + outputs + " outputs");
        }
        if (DatasetSpec.FASHION_MNIST.equals(dataset)) {
            return DatasetSpec.fashionMnist(cs, dataDir);
        }
        throw new BadInputException("unknown --dataset '" + dataset + "' (an imported network can declare "
                + "fashion-mnist)");
    }
}
