package org.resalign.core.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.resalign.core.input.InvalidInputException;
import org.resalign.core.io.Json;
import org.resalign.core.ujm.UjmSolution;

/**
 * A counterexample re-run: the instance of a {@link Counterexample} file solved again from its inputs and judged again
 * by its conjecture.
 *
 * @param file               the counterexample file
 * @param conjecture         the conjecture it breaks
 * @param confirmed          the conjecture is violated again
 * @param identicalObjective the solver's objective equals the stored one bit for bit (the run is deterministic)
 * @param objective          the objective now
 * @param storedObjective    the objective in the file
 * @param judgement          the verdict now
 * @param stored             the verdict in the file
 */
public record Replay(String file, String conjecture, boolean confirmed, boolean identicalObjective, double objective,
                     double storedObjective, Judgement judgement, Judgement stored) {

    /**
     * Reads a counterexample file.
     *
     * @throws IllegalArgumentException with one clear line if the file is missing, unreadable or not a counterexample
     */
    public static Counterexample read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("counterexampleFile", "{counterexampleFile} %s: no such file", file);
        } catch (IOException e) {
            throw new InvalidInputException("counterexampleFile", "{counterexampleFile} %s: cannot read it (%s)", file,
                    e.getMessage()).causedBy(e);
        }
        Counterexample c;
        try {
            c = Json.mapper().readValue(text, Counterexample.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("counterexampleFile", "{counterexampleFile} %s is not a counterexample "
                    + "file: %s", file, e.getOriginalMessage()).causedBy(e);
        }
        if (c == null || c.inputs() == null || c.conjecture() == null || c.judgement() == null) {
            throw new InvalidInputException("counterexampleFile", "{counterexampleFile} %s is not a counterexample "
                    + "file: it lacks conjecture, inputs or judgement", file);
        }
        try {
            Conjecture.named(c.conjecture());
            c.inputs().problem();
            c.inputs().settings();
        } catch (InvalidInputException e) {
            // the values come from the file, not from the command line: the message names the file
            throw new InvalidInputException("counterexampleFile", "{counterexampleFile} %s holds an invalid instance: "
                    + "%s", file, e.getMessage()).causedBy(e);
        }
        return c;
    }

    /** Judges {@code solution}, the re-solved instance of {@code stored}. */
    public static Replay of(Path file, Counterexample stored, UjmSolution solution) {
        Judgement now = Conjecture.named(stored.conjecture()).judge(solution);
        double objective = solution.result().value();
        return new Replay(file.toString(), stored.conjecture(), now.outcome() == Outcome.VIOLATED,
                Double.doubleToLongBits(objective) == Double.doubleToLongBits(stored.objective()), objective,
                stored.objective(), now, stored.judgement());
    }
}
