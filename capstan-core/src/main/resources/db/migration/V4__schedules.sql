-- Capstan metadata schema, version 4: schedules of commands (pipelines, retraining) that capstan server runs, and
-- the record of each execution.

-- last_fire: the scheduled time of the newest execution claimed (null before the first), from which the next is due.
CREATE TABLE schedules (
    name           VARCHAR(256)  NOT NULL PRIMARY KEY,
    cron           VARCHAR(256)  NOT NULL,
    command        TEXT          NOT NULL,
    work_dir       VARCHAR(1000) NOT NULL,
    retries        INTEGER       NOT NULL,
    retry_delay_ms BIGINT        NOT NULL,
    catchup        BOOLEAN       NOT NULL,
    created_at     BIGINT        NOT NULL,
    last_fire      BIGINT
);

-- One row per execution; (name, scheduled_for) is unique, so two schedulers never run the same slot twice.
CREATE TABLE schedule_runs (
    name          VARCHAR(256) NOT NULL,
    scheduled_for BIGINT       NOT NULL,
    started_at    BIGINT       NOT NULL,
    ended_at      BIGINT,
    status        VARCHAR(20)  NOT NULL,
    attempts      INTEGER      NOT NULL,
    exit_code     INTEGER,
    log           TEXT,
    PRIMARY KEY (name, scheduled_for),
    FOREIGN KEY (name) REFERENCES schedules (name) ON DELETE CASCADE
);
