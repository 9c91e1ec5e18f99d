package org.resalign.proofs;

/**
 * A place where the paper's text is wrong, or silent about something the proof needs.
 *
 * @param step  the step whose check (usually its false twin) shows it
 * @param kind  "as read" (the copy of the paper read here has it so; the step needs something else), "hidden assumption" or "unclear"
 * @param text  what the paper says, what is right, and why
 */
public record PaperNote(String step, String kind, String text) {
}
