/**
 * Order statistics shared by the analyses and the benchmarks: {@link org.resalign.core.stat.OrderStatistics}.
 *
 * <p>May depend on: the JDK.
 */
package org.resalign.core.stat;
