/**
 * Theorem 3.1 of the paper (RA2–RA4 imply RA1): the construction of Jacobians with planted properties, the check
 * that RA1 follows, its violations, its prediction of RA1 from measured RA2–RA4, and sweeps.
 *
 * <p>May depend on: EJML, {@code core.io}, {@code core.linalg}, {@code core.ra}, {@code core.seed}.
 */
package org.resalign.core.thm31;
