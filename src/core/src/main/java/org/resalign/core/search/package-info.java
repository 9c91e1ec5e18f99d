/**
 * The counterexample search: a {@link org.resalign.core.search.ParameterSpace} of problem instances, the
 * conjectures and their judges, the search itself, and the replay of a found counterexample.
 *
 * <p>May depend on: every other core package but {@code plot} and {@code report}; Jackson; EJML.
 */
package org.resalign.core.search;
