/**
 * JMH benchmarks of the numerical kernels (gradient, solve, randomized SVD), each beside a baseline measured in
 * the same run.
 *
 * <p>May depend on: core, JMH.
 */
package org.resalign.bench;
