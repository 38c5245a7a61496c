package dev.nbfactory.registry;

import java.util.List;
import java.util.Map;

/**
 * A run with everything recorded about it: what {@code factory show} prints and events carry.
 *
 * @param checks the data checks it made, in the order made
 * @param parent the run this one belongs to (its pipeline's run, or a retry's first attempt), or
 *     null
 */
public record RunRecord(
    Run run,
    List<Parameter> parameters,
    List<ArtifactVersion> inputs,
    List<ArtifactVersion> outputs,
    List<Metric> metrics,
    List<CheckResult> checks,
    Map<String, String> tags,
    Run parent) {}
