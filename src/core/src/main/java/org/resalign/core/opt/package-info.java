/**
 * Unconstrained minimisation: L-BFGS (vector-free history), nonlinear conjugate gradients and gradient descent,
 * the strong-Wolfe line search, stopping rules and iteration monitors, on a {@link
 * org.resalign.core.opt.DifferentiableFunction}.
 *
 * <p>May depend on: the JDK, Hipparchus. Knows nothing of the UJM.
 */
package org.resalign.core.opt;
