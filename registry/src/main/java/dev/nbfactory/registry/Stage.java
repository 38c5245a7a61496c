package dev.nbfactory.registry;

/** A notebook's role in the factory, named by the notebook; runs belong to stages. */
public record Stage(String name, String notebookPath, String description) {}
