/**
 * Report folders: the figures and Markdown of an RA report or a Theorem 3.1 check, written into a folder that
 * appears whole or not at all.
 *
 * <p>May depend on: {@code core.io}, {@code core.plot}, {@code core.ra}, {@code core.thm31}.
 */
package org.resalign.core.report;
