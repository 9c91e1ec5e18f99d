/**
 * Figures as PNG files: the RA2 alignment grid, singular values with the RA4 fit, trajectories, accuracies and
 * sweeps, drawn with XChart and Java2D.
 *
 * <p>May depend on: the JDK (AWT, ImageIO, headless), XChart, EJML.
 */
package org.resalign.core.plot;
