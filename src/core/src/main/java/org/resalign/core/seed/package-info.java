/**
 * Deterministic random streams: {@link org.resalign.core.seed.Seeds} derives every random generator of resalign from
 * a user seed, a {@link org.resalign.core.seed.Seeds.Purpose} and the purpose's sub-seeds (an epoch, a block and a
 * step, a step's name), so that the same seed gives bit-identical results on every JVM and no caller combines seeds
 * by hand.
 *
 * <p>May depend on: the JDK only; nothing else in resalign, so that every package may draw from it.
 */
package org.resalign.core.seed;
