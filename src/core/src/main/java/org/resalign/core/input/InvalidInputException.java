package org.resalign.core.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value a user gave is outside what resalign accepts (docs/definitions.md §exit: bad input, exit code 2). It carries
 * the parameter, as the library names it (a record component such as {@code rank}, {@code lambda},
 * {@code maxIterations}), and a message template in which every parameter it mentions is written {@code {name}}:
 * {@code "{rank} must be between 1 and {dim} (64), got 65"}. Text the user supplied (a file name, an unknown word)
 * is not written into the template but passed as a value for a {@code %s} in it, so that it is never read as a
 * name. {@link #getMessage()} writes the names as they are;
 * {@link #message(UnaryOperator)} lets a front end write them its own way (the command line as its options,
 * {@code --rank}; a spec file as its keys).
 *
 * <p>It is an {@link IllegalArgumentException}, so callers who treat every bad argument alike may keep doing so; but
 * only this type means "the input is wrong": any other exception from resalign is a fault of resalign's.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private static final Pattern NAME = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    /** A {@code %s} that is not the second half of {@code %%}. */
    private static final Pattern SLOT = Pattern.compile("(?<!%)%s");

    private final String parameter;
    private final String template;
    private final String[] values;

    /**
     * @param parameter the parameter at fault (its name as the library spells it)
     * @param template  the message, with each parameter it names written {@code {name}} (it must name
     *                  {@code parameter}) and a {@link String#format} {@code %s} for each of {@code values}
     * @param values    text from the user (file names, unknown words), formatted into the template as they are
     */
    public InvalidInputException(String parameter, String template, Object... values) {
        super(render(template, UnaryOperator.identity(), values));
        if (parameter == null || !template.contains("{" + parameter + "}")) {
            throw new IllegalArgumentException("the message '" + template + "' must name {" + parameter + "}");
        }
        long slots = SLOT.matcher(template).results().count();
        if (slots != values.length) {
            throw new IllegalArgumentException("the message '" + template + "' has " + slots + " %s for "
                    + values.length + " values");
        }
        this.parameter = parameter;
        this.template = template;
        this.values = java.util.Arrays.stream(values).map(String::valueOf).toArray(String[]::new);
    }

    /** Throws {@code new InvalidInputException(parameter, template)} unless {@code condition} holds. */
    public static void require(boolean condition, String parameter, String template) {
        if (!condition) {
            throw new InvalidInputException(parameter, template);
        }
    }

    /** This exception, with {@code cause} as the exception that showed the input to be wrong. */
    public InvalidInputException causedBy(Throwable cause) {
        initCause(cause);
        return this;
    }

    /**
     * This exception with {@code context} written before its message, for the same parameter: {@code context} is a
     * template of its own, with a {@code %s} for each of {@code contextValues} ({@code "run %s: "}).
     */
    public InvalidInputException within(String context, Object... contextValues) {
        Object[] all = new Object[contextValues.length + values.length];
        System.arraycopy(contextValues, 0, all, 0, contextValues.length);
        System.arraycopy(values, 0, all, contextValues.length, values.length);
        return new InvalidInputException(parameter, context + template, all).causedBy(this);
    }

    /** The parameter at fault. */
    public String parameter() {
        return parameter;
    }

    /** Every parameter the message names, in order, the one at fault among them. */
    public List<String> parameters() {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(template);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return List.copyOf(names);
    }

    /** The message with each parameter written as {@code name} says. */
    public String message(UnaryOperator<String> name) {
        return render(template, name, values);
    }

    private static String render(String template, UnaryOperator<String> name, Object[] values) {
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String written = name.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(values.length == 0 ? written
                    : written.replace("%", "%%")));
        }
        m.appendTail(out);
        return values.length == 0 ? out.toString() : String.format(Locale.ROOT, out.toString(), values);
    }
}
