CREATE TABLE datasets (
    dataset_uuid  VARCHAR(36)  NOT NULL PRIMARY KEY,
    experiment_id BIGINT       NOT NULL REFERENCES experiments (experiment_id),
    name          VARCHAR(500) NOT NULL,
    digest        VARCHAR(36)  NOT NULL,
    source_type   VARCHAR(36)  NOT NULL,
    source        TEXT         NOT NULL,
    schema        TEXT,
    profile       TEXT,
    UNIQUE (experiment_id, name, digest)
);

CREATE TABLE deployment_events (
    name   VARCHAR(256) NOT NULL,
    seq    INTEGER      NOT NULL,
    time   BIGINT       NOT NULL,
    actor  VARCHAR(256) NOT NULL,
    action VARCHAR(40)  NOT NULL,
    status VARCHAR(20)  NOT NULL,
    weight INTEGER      NOT NULL,
    reason TEXT,
    PRIMARY KEY (name, seq)
);

CREATE TABLE deployments (
    name              VARCHAR(256) NOT NULL PRIMARY KEY,
    spec              TEXT         NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    weight            INTEGER      NOT NULL,
    step              INTEGER      NOT NULL,
    primary_version   VARCHAR(64),
    candidate_version VARCHAR(64),
    message           TEXT,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);

CREATE TABLE experiment_tags (
    experiment_id BIGINT       NOT NULL REFERENCES experiments (experiment_id),
    key           VARCHAR(250) NOT NULL,
    value         VARCHAR(5000),
    PRIMARY KEY (experiment_id, key)
);

CREATE TABLE experiments (
    experiment_id     BIGINT        NOT NULL PRIMARY KEY,
    name              VARCHAR(500)  NOT NULL UNIQUE,
    artifact_location VARCHAR(1000),
    lifecycle_stage   VARCHAR(32)   NOT NULL,
    creation_time     BIGINT        NOT NULL,
    last_update_time  BIGINT        NOT NULL
);

CREATE TABLE latest_metrics (
    run_uuid  VARCHAR(32)      NOT NULL REFERENCES runs (run_uuid),
    key       VARCHAR(250)     NOT NULL,
    step      BIGINT           NOT NULL,
    timestamp BIGINT           NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    is_nan    SMALLINT         NOT NULL,
    PRIMARY KEY (run_uuid, key)
);

CREATE TABLE metrics (
    run_uuid  VARCHAR(32)      NOT NULL REFERENCES runs (run_uuid),
    key       VARCHAR(250)     NOT NULL,
    step      BIGINT           NOT NULL,
    timestamp BIGINT           NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    is_nan    SMALLINT         NOT NULL,
    PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;

CREATE TABLE model_version_approvals (
    name        VARCHAR(256) NOT NULL,
    version     BIGINT       NOT NULL,
    seq         BIGINT       NOT NULL,
    action      VARCHAR(300) NOT NULL,
    approved_by VARCHAR(256) NOT NULL,
    approved_at BIGINT       NOT NULL,
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE
);

CREATE TABLE model_version_locks (
    name            VARCHAR(256)  NOT NULL,
    version         BIGINT        NOT NULL,
    run_id          VARCHAR(32),
    code_commit     VARCHAR(64),
    code_dirty      BOOLEAN,
    code_source     VARCHAR(1000),
    data_versions   TEXT          NOT NULL,
    params          TEXT          NOT NULL,
    metrics         TEXT          NOT NULL,
    trained_at      BIGINT,
    trained_by      VARCHAR(256),
    sealed          BOOLEAN       NOT NULL,
    PRIMARY KEY (name, version),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE
);

CREATE TABLE model_version_tags (
    name    VARCHAR(256) NOT NULL,
    version BIGINT       NOT NULL,
    key     VARCHAR(250) NOT NULL,
    value   VARCHAR(5000),
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE
);

CREATE TABLE model_versions (
    name              VARCHAR(256)  NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE,
    version           BIGINT        NOT NULL,
    creation_time     BIGINT        NOT NULL,
    last_updated_time BIGINT        NOT NULL,
    description       VARCHAR(5000),
    user_id           VARCHAR(256),
    current_stage     VARCHAR(20)   NOT NULL,
    source            VARCHAR(500),
    run_id            VARCHAR(32),
    run_link          VARCHAR(500),
    status            VARCHAR(20)   NOT NULL,
    status_message    VARCHAR(500),
    PRIMARY KEY (name, version)
);

CREATE TABLE params (
    run_uuid VARCHAR(32)  NOT NULL REFERENCES runs (run_uuid),
    key      VARCHAR(250) NOT NULL,
    value    VARCHAR(6000) NOT NULL,
    PRIMARY KEY (run_uuid, key)
);

CREATE TABLE registered_model_aliases (
    name    VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE,
    alias   VARCHAR(256) NOT NULL,
    version BIGINT       NOT NULL,
    PRIMARY KEY (name, alias)
);

CREATE TABLE registered_model_tags (
    name  VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE,
    key   VARCHAR(250) NOT NULL,
    value VARCHAR(5000),
    PRIMARY KEY (name, key)
);

CREATE TABLE registered_models (
    name              VARCHAR(256)  NOT NULL PRIMARY KEY,
    creation_time     BIGINT        NOT NULL,
    last_updated_time BIGINT        NOT NULL,
    description       VARCHAR(5000)
);

CREATE TABLE run_input_tags (
    run_uuid     VARCHAR(32)  NOT NULL,
    dataset_uuid VARCHAR(36)  NOT NULL,
    key          VARCHAR(255) NOT NULL,
    value        VARCHAR(500) NOT NULL,
    PRIMARY KEY (run_uuid, dataset_uuid, key),
    FOREIGN KEY (run_uuid, dataset_uuid) REFERENCES run_inputs (run_uuid, dataset_uuid)
);

CREATE TABLE run_inputs (
    run_uuid     VARCHAR(32) NOT NULL REFERENCES runs (run_uuid),
    dataset_uuid VARCHAR(36) NOT NULL REFERENCES datasets (dataset_uuid),
    PRIMARY KEY (run_uuid, dataset_uuid)
);

CREATE TABLE runs (
    run_uuid        VARCHAR(32)   NOT NULL PRIMARY KEY,
    experiment_id   BIGINT        NOT NULL REFERENCES experiments (experiment_id),
    name            VARCHAR(250),
    user_id         VARCHAR(256),
    status          VARCHAR(9)    NOT NULL,
    start_time      BIGINT,
    end_time        BIGINT,
    deleted_time    BIGINT,
    lifecycle_stage VARCHAR(20)   NOT NULL,
    artifact_uri    VARCHAR(1000)
);

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

CREATE TABLE tags (
    run_uuid VARCHAR(32)  NOT NULL REFERENCES runs (run_uuid),
    key      VARCHAR(250) NOT NULL,
    value    VARCHAR(8000),
    PRIMARY KEY (run_uuid, key)
);

CREATE INDEX latest_metrics_by_key ON latest_metrics (key, value);

CREATE INDEX model_version_approvals_by_version ON model_version_approvals (name, version, seq);

CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);
