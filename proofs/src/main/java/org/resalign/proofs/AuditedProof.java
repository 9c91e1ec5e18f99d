package org.resalign.proofs;

import java.util.List;

/** One theorem's proof as a list of checked steps, with the notes on the paper's text. */
public interface AuditedProof {

    /** "3.1" or "3.3". */
    String theorem();

    /** The theorem's statement, short. */
    String statement();

    /** Where the statement and the proof are in the paper. */
    String section();

    /** The steps, in the order of the proof. */
    List<Step> steps();

    /** Where the paper's text is wrong or unclear, each tied to the step that shows it. */
    List<PaperNote> notes();
}
