-- Capstan metadata schema, version 5: model deployments (a served name, its strategy and the traffic state of its
-- versions) and the record of every transition, which outlives the deployment.

-- spec: the declared deployment as JSON; weight: the candidate's share of requests, 0-100; step: the index of the
-- progressive rollout's current step.
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

-- actor: who or what made the transition (a user, "rollout"); reason: why.
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
