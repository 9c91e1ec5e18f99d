/**
 * The units of resalign's long computations as Apache Spark tasks: {@code --master local[N]}, {@code spark://…} or
 * {@code k8s://…}. Found by core's {@link org.resalign.core.engine.UnitEngines} through the service loader, so that
 * without {@code --master} Spark is never loaded.
 */
package org.resalign.spark;
