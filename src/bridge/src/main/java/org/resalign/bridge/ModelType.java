package org.resalign.bridge;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.resalign.core.input.InvalidInputException;

/**
 * The five model types of the paper (§2.1), with their skip-connection counterfactuals.
 *
 * <ul>
 *   <li>Type 1: 16 basic blocks of two fully-connected layers of width {@code D};</li>
 *   <li>Type 2: 16 basic blocks of two 3×3 convolutions with {@code c} channels at 16×16 ({@code D = 256·c});</li>
 *   <li>Type 3: Type 2 whose second half has {@code 2c} channels at 8×8, entered through a projection shortcut
 *       (footnote 4);</li>
 *   <li>Type 4a/4b: Type 1 with 8 blocks, with and without skip connections (footnote 5);</li>
 *   <li>Type 5a/5b: Type 2 with 8 blocks, with and without skip connections.</li>
 * </ul>
 */
public enum ModelType {
    T1("1", false, true, false, 16),
    T2("2", true, true, false, 16),
    T3("3", true, true, true, 16),
    T4A("4a", false, true, false, 8),
    T4B("4b", false, false, false, 8),
    T5A("5a", true, true, false, 8),
    T5B("5b", true, false, false, 8);

    private final String optionName;
    private final boolean convolutional;
    private final boolean skips;
    private final boolean downsamples;
    private final int paperDepth;

    ModelType(String optionName, boolean convolutional, boolean skips, boolean downsamples, int paperDepth) {
        this.optionName = optionName;
        this.convolutional = convolutional;
        this.skips = skips;
        this.downsamples = downsamples;
        this.paperDepth = paperDepth;
    }

    /** The name on the command line: {@code 1, 2, 3, 4a, 4b, 5a, 5b}. */
    @JsonValue
    public String optionName() {
        return optionName;
    }

    /** Convolutional (Types 2, 3, 5) rather than fully connected (Types 1, 4). */
    public boolean convolutional() {
        return convolutional;
    }

    /** Whether the blocks have identity skip connections, {@code h_{i+1} = σ(h_i + F(h_i))}. */
    public boolean skips() {
        return skips;
    }

    /** Type 3: the block after the middle halves the resolution and doubles the channels. */
    public boolean downsamples() {
        return downsamples;
    }

    /** The number of residual blocks the paper uses for this type. */
    public int paperDepth() {
        return paperDepth;
    }

    /** The paper's width: {@code D = 512} for fully-connected types, 64 channels for convolutional ones. */
    public int paperWidth() {
        return convolutional ? 64 : 512;
    }

    /** The same architecture with the skip connections on or off (4a ↔ 4b, 5a ↔ 5b). */
    public ModelType withSkips(boolean on) {
        if (on == skips) {
            return this;
        }
        switch (this) {
            case T4A: return T4B;
            case T4B: return T4A;
            case T5A: return T5B;
            case T5B: return T5A;
            default:
                throw new InvalidInputException("type", "{type} " + optionName + " has no counterpart "
                        + (on ? "with" : "without") + " skip connections (only 4a/4b and 5a/5b do)");
        }
    }

    /** Parses {@code 1, 2, 3, 4a, 4b, 5a, 5b}. */
    @JsonCreator
    public static ModelType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ModelType t : values()) {
            if (t.optionName.equals(n)) {
                return t;
            }
        }
        throw new InvalidInputException("type", "unknown {type} '%s' (expected one of "
                + Arrays.stream(values()).map(ModelType::optionName).collect(Collectors.joining(", ")) + ")", name);
    }
}
