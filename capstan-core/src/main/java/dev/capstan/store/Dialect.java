package dev.capstan.store;

/** The SQL engines Capstan's one schema runs on. */
public enum Dialect { SQLITE, POSTGRESQL }
