/**
 * The Unconstrained Jacobians Model (docs/definitions.md §ujm, paper §3.3): problems, the objective and its exact
 * gradient in dense and factored parametrisations, the solver, the aligned optimum (§aligned) and the Theorem 3.3
 * verdict (§verdict).
 *
 * <p>May depend on: the JDK, EJML, Hipparchus, Jackson, {@code core.bench}, {@code core.io}, {@code core.opt},
 * {@code core.seed}.
 */
package org.resalign.core.ujm;
