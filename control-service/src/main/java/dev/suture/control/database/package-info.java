/**
 * Where the control service's PostgreSQL comes from: the standard {@code spring.datasource.*} settings when given,
 * otherwise an embedded server that needs nothing installed.
 */
@NullMarked
package dev.suture.control.database;

import org.jspecify.annotations.NullMarked;
