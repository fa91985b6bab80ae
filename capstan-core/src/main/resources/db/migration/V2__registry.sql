-- Capstan metadata schema, version 2: the model registry (MLflow's registered models, versions, tags, aliases).
-- Renaming a model renames it everywhere through ON UPDATE CASCADE.

CREATE TABLE registered_models (
    name              VARCHAR(256)  NOT NULL PRIMARY KEY,
    creation_time     BIGINT        NOT NULL,
    last_updated_time BIGINT        NOT NULL,
    description       VARCHAR(5000)
);

CREATE TABLE registered_model_tags (
    name  VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE,
    key   VARCHAR(250) NOT NULL,
    value VARCHAR(5000),
    PRIMARY KEY (name, key)
);

-- Deleted versions stay as tombstones (stage 'Deleted_Internal') so that version numbers are never reused.
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
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    name    VARCHAR(256) NOT NULL,
    version BIGINT       NOT NULL,
    key     VARCHAR(250) NOT NULL,
    value   VARCHAR(5000),
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE
);

-- One row per alias: an alias always points at exactly one version.
CREATE TABLE registered_model_aliases (
    name    VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE,
    alias   VARCHAR(256) NOT NULL,
    version BIGINT       NOT NULL,
    PRIMARY KEY (name, alias)
);
