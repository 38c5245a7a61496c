package dev.nbfactory.registry;

/** A run's parameter as stored. A secret's value is never stored: it reads {@link Secrets#MASK}. */
public record Parameter(String name, String value, boolean secret) {}
