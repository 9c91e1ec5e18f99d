/**
 * Input a user can correct: {@link org.resalign.core.input.InvalidInputException} names the parameter (a record
 * component, as the library spells it) and what it must satisfy, so that each front end (the command line, a spec
 * file, a caller's own code) can say it in its own terms. Every other exception is a fault of resalign's. Depends on
 * nothing else in resalign.
 */
package org.resalign.core.input;
