-- Declared configuration: healing policies, the routes that use them, and the history of both.
-- Specs are stored whole as JSON (the shared-model records), so adding a field to a spec needs no migration; the
-- columns beside them are those the database must index or constrain.

CREATE TABLE policies (
    name        VARCHAR(63)  PRIMARY KEY,
    spec        JSONB        NOT NULL,
    -- Optimistic lock and ETag; equals the number of the entity's latest revision.
    version     BIGINT       NOT NULL CHECK (version > 0),
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE routes (
    id           VARCHAR(63)  PRIMARY KEY,
    spec         JSONB        NOT NULL,
    -- Copied out of spec so that a policy still in use cannot be deleted, even by a racing request.
    policy_name  VARCHAR(63)  NOT NULL REFERENCES policies (name),
    version      BIGINT       NOT NULL CHECK (version > 0),
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);

CREATE INDEX routes_by_policy ON routes (policy_name);

-- One row per change, written in the same transaction as the change. Rows outlive the entity they describe.
CREATE TABLE revisions (
    id              BIGSERIAL    PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL CHECK (kind IN ('route', 'policy')),
    entity_id       VARCHAR(63)  NOT NULL,
    revision        BIGINT       NOT NULL CHECK (revision > 0),
    action          VARCHAR(16)  NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'DELETED')),
    actor           VARCHAR(200),
    at              TIMESTAMPTZ  NOT NULL,
    -- The spec after the change; null when the change deleted the entity.
    spec            JSONB,
    -- Dotted paths of the fields an update changed, for example {upstreams,retry.maxAttempts}.
    changed_fields  TEXT[]       NOT NULL DEFAULT '{}',
    CONSTRAINT revisions_spec_matches_action CHECK ((action = 'DELETED') = (spec IS NULL)),
    CONSTRAINT revisions_one_per_number UNIQUE (kind, entity_id, revision)
);
