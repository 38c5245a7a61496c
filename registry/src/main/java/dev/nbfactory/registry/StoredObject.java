package dev.nbfactory.registry;

/** Bytes in the store: their SHA-256 in lower-case hex, and their length. */
public record StoredObject(String hash, long size) {}
