package dev.tessera.auth.review;

import java.time.Instant;

/**
 * What the overview shows of a signing key: never key material.
 *
 * @param status {@code NEXT}, {@code ACTIVE}, {@code RETIRING}, {@code RETIRED} or
 * {@code REVOKED}
 * @param activatedAt null until it signs
 */
public record KeyFacts(String kid, String alg, String status, Instant createdAt, Instant activatedAt) {

}
