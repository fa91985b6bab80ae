-- Capstan metadata schema, version 3: each model version's lock (the code, data, parameters and metrics it was
-- trained from, taken from its run when it is registered) and the approvals of its promotions.

-- sealed = FALSE while the version's run is still running: the lock is taken again from the run once it has ended,
-- so that a model registered from inside its run (mlflow.log_model(registered_model_name=...)) keeps the final metrics.
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

-- One row per promotion (a move to Staging or Production, or an alias set on the version), numbered in order by seq.
CREATE TABLE model_version_approvals (
    name        VARCHAR(256) NOT NULL,
    version     BIGINT       NOT NULL,
    seq         BIGINT       NOT NULL,
    action      VARCHAR(300) NOT NULL,
    approved_by VARCHAR(256) NOT NULL,
    approved_at BIGINT       NOT NULL,
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE
);
CREATE INDEX model_version_approvals_by_version ON model_version_approvals (name, version, seq);
