package dev.capstan.tracking;

/** A run's status, with MLflow's names. */
public enum RunStatus { RUNNING, SCHEDULED, FINISHED, FAILED, KILLED }
