# Reads the JSON run.sh wrote (results/) and prints summary.md: per seed and framework the test accuracy and the RA
# measures of resalign's analysis, then each measure's mean over the seeds with a 95% t interval, for DL4J, for
# PyTorch, and for their difference paired by seed. (resalign's own intervals, core's ConfidenceInterval, are the
# same Student t interval; this script reads the JSON of two separate commands, which `reproduce` does not.)
import json
import math
import os
import statistics
import sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}

MEASURES = [
    ("test accuracy", lambda a, t: t),
    ("RA1 line fraction", lambda a, t: s(a, "lineFraction")),
    ("RA2 alignment", lambda a, t: s(a, "alignment")),
    ("RA2 chance", lambda a, t: s(a, "chanceAlignment")),
    ("RA2 excess over chance", lambda a, t: s(a, "alignment") - s(a, "chanceAlignment")),
    ("RA3 log10 σ_C/σ_C+1", lambda a, t: s(a, "log10RankGap")),
    ("RA3 energy in top C", lambda a, t: s(a, "energyTopC")),
    ("RA4 slope of 1/σ₁", lambda a, t: s(a, "ra4Slope")),
    ("RA4 R²", lambda a, t: s(a, "ra4RSquared")),
    ("aligned rank", lambda a, t: s(a, "alignedRank")),
]


def s(analysis, key):
    return analysis["stages"][0]["summary"][key]["mean"]


def interval(values):
    m = statistics.mean(values)
    if len(values) < 2:
        return m, float("nan"), float("nan")
    h = T975[len(values) - 1] * statistics.stdev(values) / math.sqrt(len(values))
    return m, m - h, m + h


def fmt(v):
    return "%.4f" % v


def main(results):
    seeds = sorted({int(f.split("-")[1].split(".")[0]) for f in os.listdir(results) if f.endswith(".analysis.json")})
    rows = {}
    meta = {}
    for seed in seeds:
        for fw in ("dl4j", "pytorch"):
            a = json.load(open(os.path.join(results, "%s-%d.analysis.json" % (fw, seed))))
            rows[(fw, seed)] = [f(a, a["testAccuracy"]) for _, f in MEASURES]
        dl4j = json.load(open(os.path.join(results, "dl4j-%d.train.json" % seed)))
        torch = json.load(open(os.path.join(results, "pytorch-%d.train.json" % seed)))
        imported = json.load(open(os.path.join(results, "pytorch-%d.import.json" % seed)))
        meta[seed] = (dl4j, torch, imported)
    out = ["# Type 4a trained by DL4J and by PyTorch, analysed by resalign", "",
           "Written by `summarise.py` from `results/` (run.sh). D = 64, 8 blocks, all ten FashionMNIST classes "
           "(60000 images), 10 epochs, batch 128, plain SGD at 0.1 on the cosine schedule, λ = 0.01 on every "
           "parameter; 16 training inputs (analysis seed 0), k = 16. Seeds " + ", ".join(map(str, seeds)) + ".", ""]
    out.append("## Training")
    out.append("")
    out.append("| seed | DL4J steps/s | DL4J s | PyTorch steps/s | PyTorch s | PyTorch's test accuracy | resalign's "
               "test accuracy of the imported network |")
    out.append("|---|---|---|---|---|---|---|")
    for seed in seeds:
        dl4j, torch, imported = meta[seed]
        out.append("| %d | %.1f | %.0f | %.1f | %.0f | %.4f | %.4f |" % (
            seed, dl4j["stepsPerSecond"], dl4j.get("trainingSeconds", float("nan")), torch["stepsPerSecond"],
            torch["trainingSeconds"], torch["testAccuracy"], imported["origin"]["testAccuracy"]))
    out += ["", "## Per seed", "", "| measure | " + " | ".join("DL4J %d | PyTorch %d" % (x, x) for x in seeds) + " |",
            "|---|" + "---|---|" * len(seeds)]
    for k, (name, _) in enumerate(MEASURES):
        out.append("| " + name + " | " + " | ".join(fmt(rows[("dl4j", x)][k]) + " | " + fmt(rows[("pytorch", x)][k])
                                                  for x in seeds) + " |")
    out += ["", "## Across seeds (mean [95% t interval])", "",
            "| measure | DL4J | PyTorch | PyTorch − DL4J, paired by seed |", "|---|---|---|---|"]
    for k, (name, _) in enumerate(MEASURES):
        d = interval([rows[("dl4j", x)][k] for x in seeds])
        p = interval([rows[("pytorch", x)][k] for x in seeds])
        diff = interval([rows[("pytorch", x)][k] - rows[("dl4j", x)][k] for x in seeds])
        out.append("| %s | %s [%s, %s] | %s [%s, %s] | %s [%s, %s] |" % ((name,) + tuple(map(fmt, d + p + diff))))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results")
