/**
 * Running peer programs for benchmarks: {@link org.resalign.core.bench.Peer} starts a Python script (PyTorch,
 * scikit-learn) with Debian's interpreter and reads the last JSON line it prints, so that a bench command can print its
 * ratio against a peer measured in the same run.
 *
 * <p>May depend on: the JDK, Jackson, {@code core.io}. Nothing in core depends on a peer being installed.
 */
package org.resalign.core.bench;
