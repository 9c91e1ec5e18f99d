package org.resalign.cli;

import java.io.PrintWriter;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.resalign.core.linalg.RsvdBenchmark;

/** The table of {@code rsvd bench}. */
final class RsvdPrinter {

    private RsvdPrinter() {
    }

    /** The timing, the errors against the known spectrum, the baseline and the peer, and the verdict. */
    static void print(RsvdBenchmark.Report r, PrintWriter out) {
        Table t = new Table(out);
        RsvdBenchmark.Inputs in = r.inputs();
        t.title(String.format(Locale.ROOT, "rsvd bench  D=%d K=%d T=%d l=%d seed=%d backend=%s threads=%d "
                + "renormalization=%s  σ_i = 1/i", in.dim(), in.k(), in.iters(), in.blockWidth(), in.seed(),
                in.backend() + (in.vectorBits() > 0 ? " (" + in.vectorBits() + "-bit)" : ""), in.threads(),
                in.renormalization()));
        t.row("backend choice", in.backendChoice());
        t.row("seconds", String.format(Locale.ROOT, "%.3f  (%s; best %.3f; %d products, %.1f GFlop, %.1f GFlop/s)",
                r.seconds(), r.timing(), r.bestSeconds(), r.products(), r.gflop(), r.gflopPerSecond()));
        t.row("construction seconds", String.format(Locale.ROOT, "%.3f", r.constructionSeconds()));
        t.row("operator setup seconds", String.format(Locale.ROOT, "%.3f", r.setupSeconds()));
        t.check("maxRelativeError (top-K σ)", Table.sci(r.maxRelativeError()) + " ≤ " + Table.sci(in.tol()),
                r.maxRelativeError() <= in.tol());
        t.check("1 − |cos| left vectors", "max " + Table.sci(r.maxLeftVectorDeficit()),
                r.maxLeftVectorDeficit() <= in.tol());
        t.check("1 − |cos| right vectors", "max " + Table.sci(r.maxRightVectorDeficit()),
                r.maxRightVectorDeficit() <= in.tol());
        if (r.baseline() != null) {
            RsvdBenchmark.Timing b = r.baseline();
            t.row("baseline " + b.backend() + " seconds", String.format(Locale.ROOT,
                    "%.3f  (median; best %.3f; %.1f GFlop/s; maxRelativeError %s)", b.seconds(), b.bestSeconds(),
                    b.gflopPerSecond(), Table.sci(b.maxRelativeError())));
            t.row("ratio " + b.backend() + " / " + in.backend(), String.format(Locale.ROOT, "%.2f", r.speedup()));
        } else {
            t.row("baseline", "not run (--baseline times the other backend)");
        }
        JsonNode p = r.peer();
        if (p == null) {
            t.row("peer", "not run (--no-peer)");
        } else if (p.has("absent")) {
            t.row("peer", "absent: " + p.get("absent").asText());
        } else if (p.has("failed")) {
            t.row("peer", "failed: " + p.get("failed").asText());
        } else {
            JsonNode blas = p.path("threadpools").path(0);
            t.row("peer scikit-learn seconds", String.format(Locale.ROOT, "%.3f  (randomized_svd, %s; best %.3f; %d "
                    + "threads, %s %s %s; maxRelativeError %s)", p.get("seconds").asDouble(), r.timing(),
                    p.path("bestSeconds").asDouble(), p.path("threads").asInt(), blas.path("internal_api").asText("?"),
                    blas.path("version").asText("?"), blas.path("architecture").asText("?"),
                    Table.sci(p.path("maxRelativeError").asDouble())));
            t.row("ratio resalign / scikit-learn", String.format(Locale.ROOT, "%.2f  (below 1: resalign is faster)",
                    r.peerRatio()));
        }
        t.row("total seconds", String.format(Locale.ROOT, "%.2f", r.totalSeconds()));
        out.println();
        out.println("verdict: " + r.verdict().toUpperCase(Locale.ROOT));
        out.flush();
    }
}
