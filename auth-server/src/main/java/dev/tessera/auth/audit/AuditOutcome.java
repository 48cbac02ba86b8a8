package dev.tessera.auth.audit;

/** How an audited call ended, in the contract's words. */
public enum AuditOutcome {

	/** It did what was asked. */
	SUCCESS("success"),
	/**
	 * Refused for a business reason: bad credentials, a scope not granted, invalid input.
	 */
	BUSINESS_ERROR("business_error"),
	/** Failed inside the server. */
	SYSTEM_ERROR("system_error");

	private final String value;

	AuditOutcome(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	public static AuditOutcome of(String value) {
		for (AuditOutcome outcome : values()) {
			if (outcome.value.equals(value)) {
				return outcome;
			}
		}
		throw new IllegalArgumentException("Unknown outcome '" + value + "'");
	}

}
