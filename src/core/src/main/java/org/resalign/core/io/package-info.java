/**
 * JSON and file output shared by every module: the one Jackson mapper ({@link org.resalign.core.io.Json}), the one
 * atomic file writer ({@link org.resalign.core.io.AtomicFile}), number formats and the library versions a report
 * records.
 *
 * <p>May depend on: the JDK, Jackson.
 */
package org.resalign.core.io;
