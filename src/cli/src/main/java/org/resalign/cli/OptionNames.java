package org.resalign.cli;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.resalign.core.input.InvalidInputException;

/**
 * How the command line names the library's parameters: an {@link InvalidInputException} names a parameter as a record
 * component ({@code maxIterations}); the command that ran says it as its option ({@code --max-iter}). A parameter is
 * the option whose field has its name, else the option {@code --kebab-case} of it, else one of the spellings below;
 * one the command has no option for (a spec file's key, a value read from a file) keeps its own name.
 */
final class OptionNames {

    /** The options whose names differ from the parameter's, in the order they are tried. */
    private static final Map<String, List<String>> SPELLINGS = Map.ofEntries(
            Map.entry("maxIterations", List.of("--max-iter")),
            Map.entry("tolerance", List.of("--tol")),
            Map.entry("relativeChange", List.of("--rel-tol")),
            Map.entry("counterexample", List.of("--tol-counterexample")),
            Map.entry("objective", List.of("--tol-objective")),
            Map.entry("rankOne", List.of("--tol-rank-one")),
            Map.entry("alignment", List.of("--tol-alignment")),
            Map.entry("equalSingular", List.of("--tol-equal-singular")),
            Map.entry("counterexampleFile", List.of("--replay")),
            Map.entry("rank", List.of("--k")),
            Map.entry("iterations", List.of("--iters")),
            Map.entry("dim", List.of("--width", "--dims")),
            Map.entry("depth", List.of("--depths")),
            Map.entry("lambda", List.of("--lambdas")),
            Map.entry("violation", List.of("--violate")),
            Map.entry("weightDecay", List.of("--lambda")),
            Map.entry("batchSize", List.of("--batch")),
            Map.entry("learningRate", List.of("--lr")),
            Map.entry("kind", List.of("--solver", "--dataset")),
            Map.entry("engine", List.of("--engines")),
            Map.entry("warmupSteps", List.of("--warmup")),
            Map.entry("timedSteps", List.of("--steps")));

    private OptionNames() {
    }

    /** The message of {@code e} in the terms of the command {@code spec}. */
    static String message(CommandSpec spec, InvalidInputException e) {
        return e.message(parameter -> of(spec, parameter));
    }

    /** The option of {@code spec} that sets {@code parameter}, or the parameter's own name. */
    static String of(CommandSpec spec, String parameter) {
        if (spec == null) {
            return parameter;
        }
        for (OptionSpec o : spec.options()) {
            if (o.userObject() instanceof Field f && f.getName().equals(parameter)) {
                return o.longestName();
            }
        }
        Optional<String> kebab = option(spec, "--" + parameter.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT));
        if (kebab.isPresent()) {
            return kebab.get();
        }
        for (String s : SPELLINGS.getOrDefault(parameter, List.of())) {
            if (option(spec, s).isPresent()) {
                return s;
            }
        }
        return parameter;
    }

    private static Optional<String> option(CommandSpec spec, String name) {
        return Optional.ofNullable(spec.findOption(name)).map(OptionSpec::longestName);
    }
}
