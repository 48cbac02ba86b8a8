package dev.tessera.admin.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The details page's "scopes and lifetime" form: the scopes the client holds, those it
 * gets when a request names none, its access-token lifetime (empty: the server's default)
 * and its token quotas per hour and per day (empty: no limit).
 */
public class SettingsForm {

	private List<String> scopes = new ArrayList<>();

	private List<String> defaultScopes = new ArrayList<>();

	private String accessTokenTtlSeconds = "";

	private String hourlyTokenQuota = "";

	private String dailyTokenQuota = "";

	/** The form filled with the client's current settings. */
	static SettingsForm of(ClientView client) {
		SettingsForm form = new SettingsForm();
		form.setScopes(new ArrayList<>(client.scopes()));
		form.setDefaultScopes(new ArrayList<>(client.defaultScopes()));
		form.setAccessTokenTtlSeconds(
				(client.accessTokenTtlSeconds() != null) ? client.accessTokenTtlSeconds().toString() : "");
		form.setHourlyTokenQuota((client.hourlyTokenQuota() != null) ? client.hourlyTokenQuota().toString() : "");
		form.setDailyTokenQuota((client.dailyTokenQuota() != null) ? client.dailyTokenQuota().toString() : "");
		return form;
	}

	Map<String, String> check() {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!this.accessTokenTtlSeconds.isBlank() && ttl() == null) {
			errors.put("accessTokenTtlSeconds", "must be a whole number of seconds");
		}
		TokenQuotaFields.check(this.hourlyTokenQuota, this.dailyTokenQuota, errors);
		return errors;
	}

	Integer ttl() {
		try {
			return this.accessTokenTtlSeconds.isBlank() ? null : Integer.valueOf(this.accessTokenTtlSeconds.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The PATCH body; an empty lifetime clears the client's own (the server's default),
	 * an empty quota the limit.
	 */
	Map<String, Object> toPatch() {
		Map<String, Object> patch = new LinkedHashMap<>();
		patch.put("scopes", this.scopes);
		patch.put("defaultScopes", this.defaultScopes);
		patch.put("accessTokenTtlSeconds", ttl());
		patch.put(TokenQuotaFields.HOURLY, TokenQuotaFields.value(this.hourlyTokenQuota));
		patch.put(TokenQuotaFields.DAILY, TokenQuotaFields.value(this.dailyTokenQuota));
		return patch;
	}

	/** What the console warns about for these settings (shown, not blocking). */
	public List<String> warnings() {
		return ClientWarnings.of(this.scopes, ttl());
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = (scopes != null) ? scopes : new ArrayList<>();
	}

	public List<String> getDefaultScopes() {
		return this.defaultScopes;
	}

	public void setDefaultScopes(List<String> defaultScopes) {
		this.defaultScopes = (defaultScopes != null) ? defaultScopes : new ArrayList<>();
	}

	public String getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	public void setAccessTokenTtlSeconds(String accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = (accessTokenTtlSeconds != null) ? accessTokenTtlSeconds : "";
	}

	public String getHourlyTokenQuota() {
		return this.hourlyTokenQuota;
	}

	public void setHourlyTokenQuota(String hourlyTokenQuota) {
		this.hourlyTokenQuota = (hourlyTokenQuota != null) ? hourlyTokenQuota : "";
	}

	public String getDailyTokenQuota() {
		return this.dailyTokenQuota;
	}

	public void setDailyTokenQuota(String dailyTokenQuota) {
		this.dailyTokenQuota = (dailyTokenQuota != null) ? dailyTokenQuota : "";
	}

}
