package org.resalign.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    @Test
    void aStepsInstancesAreTheOnesCommittedAuditsDrew() {
        // Recorded from the audit's streams as they stood before the seed facility derived them itself.
        RandomGenerator r = new AuditSettings(11, false).random("theorem31/step2/twin");
        assertEquals(0x79b715a124d4fc96L, r.nextLong());
        assertEquals(0x9f9c8d831c3a401fL, r.nextLong());
    }

    @Test
    void eachNameAndSeedHasItsOwnStream() {
        long twin = new AuditSettings(11, false).random("theorem31/step2/twin").nextLong();
        assertNotEquals(twin, new AuditSettings(11, false).random("theorem31/step2").nextLong(), "another name");
        assertNotEquals(twin, new AuditSettings(12, false).random("theorem31/step2/twin").nextLong(), "another seed");
        assertEquals(twin, new AuditSettings(11, true).random("theorem31/step2/twin").nextLong(),
                "thoroughness does not change the stream");
    }
}
