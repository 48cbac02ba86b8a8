package dev.tessera.admin.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@code GET /admin/api/audit/verify} found when it recomputed the hash chains.
 *
 * @param valid every row checked is intact and in place
 * @param checked how many rows were checked
 * @param firstBrokenId the earliest broken row, or null
 * @param problems what is wrong, per chain
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChainVerification(boolean valid, long checked, String firstBrokenId, List<Problem> problems) {

	public ChainVerification {
		problems = (problems != null) ? problems : List.of();
	}

	/**
	 * One finding.
	 *
	 * @param kind such as {@code chain_broken}
	 * @param message what was found
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Problem(String kind, String message) {

	}

}
