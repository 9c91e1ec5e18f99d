/**
 * The command line ({@code bin/resalign}): picocli commands that parse options, call core and bridge, print short
 * tables for people and write JSON; exit codes as docs/definitions.md §exit. The only package that parses arguments
 * or prints for people.
 *
 * <p>May depend on: core, bridge, proofs, picocli, Jackson, the progress bar.
 */
package org.resalign.cli;
