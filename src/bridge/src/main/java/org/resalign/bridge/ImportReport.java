package org.resalign.bridge;

import java.util.Map;

/**
 * The JSON of {@code bridge import}.
 *
 * @param command  {@code bridge import}
 * @param model    the model file written
 * @param spec     the architecture recognised
 * @param dataset  the training data declared ({@code null}: none)
 * @param origin   where it came from, what maps where, and what was folded
 * @param versions library versions
 * @param seconds  wall time
 * @param verdict  {@code imported}
 */
public record ImportReport(String command, String model, ResNetSpec spec, DatasetSpec dataset, ImportOrigin origin,
        Map<String, String> versions, double seconds, String verdict) {
}
