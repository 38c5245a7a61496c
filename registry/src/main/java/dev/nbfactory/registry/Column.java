package dev.nbfactory.registry;

/** One column of a table artifact's schema. */
public record Column(String name, String type) {}
