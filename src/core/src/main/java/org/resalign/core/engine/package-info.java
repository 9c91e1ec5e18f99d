/**
 * Where the independent units of a long computation run (one UJM instance of a search, one grid point of a sweep):
 * in this JVM, or on an engine found on the class path (Apache Spark, in resalign's spark module). Core knows only
 * the interface; the result of every unit depends on the unit alone, so a run's JSON is the same wherever it ran.
 */
package org.resalign.core.engine;
