/**
 * The scripted walkthrough ({@code ./run-local.sh --demo}): declares routes and a policy, sends steady traffic, breaks
 * a demo upstream, and prints second by second what clients saw and what Suture did about it.
 */
@NullMarked
package dev.suture.local.walkthrough;

import org.jspecify.annotations.NullMarked;
