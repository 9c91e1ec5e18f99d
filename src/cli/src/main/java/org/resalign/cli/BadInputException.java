package org.resalign.cli;

/** Input the user can correct: exit code 2 with the message as one line. */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
