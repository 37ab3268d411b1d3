-- Config snapshots: every version pushed to the fleet, newest kept (older ones are pruned by the control service).
CREATE SEQUENCE config_version_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE config_snapshots (
    version     BIGINT      PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    cause       TEXT        NOT NULL,
    content     JSONB       NOT NULL
);

-- The gateway fleet: one row per gateway id ever seen. Live connection state is also held in memory by the
-- control service instance the gateway is connected to; these columns are its durable record.
CREATE TABLE gateways (
    id                VARCHAR(63)  PRIMARY KEY,
    address           VARCHAR(255) NOT NULL,
    software_version  VARCHAR(64)  NOT NULL,
    connected         BOOLEAN      NOT NULL,
    first_seen        TIMESTAMPTZ  NOT NULL,
    last_seen         TIMESTAMPTZ  NOT NULL,
    connected_at      TIMESTAMPTZ,
    applied_version   BIGINT       NOT NULL DEFAULT 0,
    applied_at        TIMESTAMPTZ
);

-- Versions a gateway refused (NACKs), with its reason. The gateway kept its previous config each time.
CREATE TABLE gateway_rejections (
    id          BIGSERIAL    PRIMARY KEY,
    gateway_id  VARCHAR(63)  NOT NULL REFERENCES gateways (id) ON DELETE CASCADE,
    version     BIGINT       NOT NULL,
    reason      TEXT         NOT NULL,
    at          TIMESTAMPTZ  NOT NULL
);

CREATE INDEX gateway_rejections_by_gateway ON gateway_rejections (gateway_id, at DESC);
