/**
 * The Residual Alignment metrics RA1–RA4 of docs/definitions.md §ra (paper §1.1–1.3) for any list of Jacobians
 * and a trajectory, gathered in {@link org.resalign.core.ra.ResidualAlignmentReport}.
 *
 * <p>May depend on: the JDK, EJML, Hipparchus (regression), Jackson annotations, {@code core.linalg},
 * {@code core.seed}.
 */
package org.resalign.core.ra;
