/**
 * Incidents: one per ongoing problem of a route, from detection through mitigation and recovery to resolution or
 * escalation, each with an append-only timeline of what was seen and done, stored in PostgreSQL and served by the
 * incident history API.
 */
@NullMarked
package dev.suture.control.incident;

import org.jspecify.annotations.NullMarked;
