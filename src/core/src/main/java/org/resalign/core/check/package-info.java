/**
 * Independent numerical checks used by tests and verifiers: central finite differences of a function's gradient
 * ({@link org.resalign.core.check.FiniteDifferences}).
 *
 * <p>May depend on: the JDK only.
 */
package org.resalign.core.check;
