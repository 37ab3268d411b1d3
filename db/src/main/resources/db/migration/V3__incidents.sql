-- Incidents: one row per ongoing problem of a route, from detection to resolution, with its full timeline.
CREATE TABLE incidents (
    id                  BIGSERIAL    PRIMARY KEY,
    route_id            VARCHAR(63)  NOT NULL,
    root_cause          VARCHAR(32)  NOT NULL,
    severity            VARCHAR(16)  NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    instances           JSONB        NOT NULL,
    signals             JSONB        NOT NULL,
    summary             TEXT         NOT NULL,
    dry_run             BOOLEAN      NOT NULL,
    opened_at           TIMESTAMPTZ  NOT NULL,
    detect_ms           BIGINT       NOT NULL,
    unhealthy_since     TIMESTAMPTZ,
    healthy_since       TIMESTAMPTZ,
    escalated_at        TIMESTAMPTZ,
    recovered_at        TIMESTAMPTZ,
    recover_ms          BIGINT,
    resolved_at         TIMESTAMPTZ,
    acknowledged_by     VARCHAR(200),
    acknowledged_at     TIMESTAMPTZ
);

-- At most one unresolved incident per route: a repeat of the same problem continues it instead of opening another.
CREATE UNIQUE INDEX incidents_one_active_per_route ON incidents (route_id) WHERE state <> 'RESOLVED';
CREATE INDEX incidents_by_opened ON incidents (opened_at DESC, id DESC);

-- Append-only: every detection, action, config version, observation, state change, acknowledgement and note.
CREATE TABLE incident_timeline (
    id           BIGSERIAL    PRIMARY KEY,
    incident_id  BIGINT       NOT NULL REFERENCES incidents (id),
    at           TIMESTAMPTZ  NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    message      TEXT         NOT NULL,
    details      JSONB        NOT NULL,
    dry_run      BOOLEAN      NOT NULL,
    actor        VARCHAR(200)
);

CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident_id, id);

-- Every action healing took (or would have taken, in dry run). Active rows with their end time make up the healing
-- overlay, so the overlay is rebuilt from here after a restart.
CREATE TABLE healing_actions (
    id              BIGSERIAL         PRIMARY KEY,
    incident_id     BIGINT            NOT NULL REFERENCES incidents (id),
    route_id        VARCHAR(63)       NOT NULL,
    type            VARCHAR(16)       NOT NULL,
    url             TEXT,
    started_at      TIMESTAMPTZ       NOT NULL,
    until           TIMESTAMPTZ,
    cap_rps         DOUBLE PRECISION  NOT NULL DEFAULT 0,
    baseline_rps    DOUBLE PRECISION  NOT NULL DEFAULT 0,
    retry_after_s   INTEGER           NOT NULL DEFAULT 1,
    traffic_percent INTEGER           NOT NULL DEFAULT 100,
    reason          TEXT              NOT NULL,
    dry_run         BOOLEAN           NOT NULL,
    active          BOOLEAN           NOT NULL,
    ended_at        TIMESTAMPTZ
);

CREATE INDEX healing_actions_active ON healing_actions (incident_id) WHERE active;
CREATE INDEX healing_actions_by_target ON healing_actions (route_id, type, url, started_at DESC);
