/**
 * The proof audit: one class per theorem, a numerical or symbolic check per line of its proof, each with a
 * planted false twin the audit must reject.
 *
 * <p>May depend on: core ({@code io}, {@code opt}, {@code report}, {@code seed}, {@code thm31}, {@code ujm}), EJML,
 * Hipparchus, Symja,
 * Jackson.
 */
package org.resalign.proofs;
