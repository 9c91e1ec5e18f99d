/**
 * Trained ResNets (paper §2): the paper's network types built in DL4J, FashionMNIST and the synthetic mixture,
 * training (DL4J's graph or the lean engine), model files, the Residual Jacobians of a trained network
 * (docs/definitions.md §jacobian) and their analysis, the comparison with the UJM optimum, the experiments
 * ({@code Reproduction}: the paper's experiments and the skip-connection counterfactual) and the embedded demo
 * ({@code Demo}), and the training and analysis benchmarks with their PyTorch peers.
 *
 * <p>May depend on: core, proofs (the demo's proof audit), DL4J and ND4J, JavaCPP's OpenBLAS, EJML, Hipparchus,
 * Jackson. It does not parse arguments or print for people.
 */
package org.resalign.bridge;
