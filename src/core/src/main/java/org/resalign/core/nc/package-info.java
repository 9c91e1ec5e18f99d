/**
 * Neural Collapse (Papyan, Han &amp; Donoho, "Prevalence of Neural Collapse during the terminal phase of deep learning
 * training", PNAS 117(40), 2020), which the Residual Alignment paper's Figure 7 follows beside RA:
 * {@link org.resalign.core.nc.NeuralCollapse}.
 *
 * <p>May depend on: the JDK, EJML, {@code core.input}.
 */
package org.resalign.core.nc;
