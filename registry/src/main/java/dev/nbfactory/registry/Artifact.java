package dev.nbfactory.registry;

import java.time.Instant;

/** A named thing runs read and write; its content lives in {@link ArtifactVersion}s. */
public record Artifact(String name, ArtifactKind kind, Instant createdAt, int versionCount) {}
