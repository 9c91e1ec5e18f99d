package org.resalign.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PeerTest {

    private final Peer echo = new Peer(PeerTest.class, "echo_peer.py", List.of("json"));

    @Test
    void runsTheScriptAndReadsItsLastLine() {
        assumeTrue(echo.available(), () -> "no Python here: " + echo.unavailable().orElse(""));
        Peer.Result r = echo.run(List.of("x", "2"), Map.of("PEER_TEST", "seen"), 60);
        assertEquals(List.of("x", "2"), List.of(r.output().get("args").get(0).asText(),
                r.output().get("args").get(1).asText()));
        assertEquals("seen", r.output().get("env").asText());
        assertEquals(0.25, r.number("seconds"));
        assertTrue(r.wallSeconds() > 0);
        assertThrows(IllegalStateException.class, () -> r.number("args"));
        assertThrows(IllegalStateException.class, () -> r.number("missing"));
    }

    @Test
    void aFailingScriptIsAnErrorWithItsOutput() {
        assumeTrue(echo.available());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> echo.run(List.of("fail"), Map.of(), 60));
        assertTrue(e.getMessage().contains("exit 4"), e.getMessage());
    }

    @Test
    void aMissingModuleMakesThePeerUnavailable() {
        assumeTrue(echo.available());
        Peer missing = new Peer(PeerTest.class, "echo_peer.py", List.of("json", "no_such_module_resalign"));
        assertTrue(missing.unavailable().orElseThrow().contains("no_such_module_resalign"));
    }

    @Test
    void aMissingScriptIsRefusedAtOnce() {
        assertThrows(IllegalStateException.class, () -> new Peer(PeerTest.class, "nope.py", List.of()));
    }
}
