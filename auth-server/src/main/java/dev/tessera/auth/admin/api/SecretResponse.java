package dev.tessera.auth.admin.api;

import java.time.Instant;

/** A newly issued secret, shown this once. */
public record SecretResponse(String clientId, String clientSecret, Instant clientSecretExpiresAt) {

}
