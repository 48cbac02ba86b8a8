package dev.tessera.auth.user;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.user.signin.SignInThrottles;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hashes from before Argon2id (BCrypt) or with weaker Argon2id parameters still let their
 * owner sign in, and that sign-in replaces them with a hash of today's parameters; a
 * failed sign-in changes nothing. Each successful sign-in records its time.
 */
@TesseraServerTest
class PasswordUpgradeTest {

	static final String USERNAME = "hash-upgrade-user";

	static final String PASSWORD = "an old but long passphrase";

	static final String CURRENT = "{argon2}$argon2id$v=19$m=19456,t=2,p=1$";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	AppUserRepository users;

	@Autowired
	PasswordEncoder passwords;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void removeUser() {
		this.users.deleteById(USERNAME);
		SignInThrottles.clear(this.context); // its wrong password must not throttle later
												// classes
	}

	@Test
	void aBcryptHashIsReplacedByArgon2idOnTheFirstSuccessfulSignIn() throws Exception {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD);
		this.users.save(new AppUser(USERNAME, bcrypt, Set.of("USER"), Instant.now()));

		assertThat(signIn("not the right passphrase")).as("refused").contains("error");
		assertThat(hash()).isEqualTo(bcrypt);
		assertThat(lastSignIn()).as("a failure is no sign-in").isNull();

		assertThat(signIn(PASSWORD)).as("signed in").doesNotContain("error");
		assertThat(hash()).startsWith(CURRENT);
		assertThat(this.passwords.matches(PASSWORD, hash())).isTrue();
		Instant first = lastSignIn();
		assertThat(first).isNotNull();

		String upgraded = hash();
		assertThat(signIn(PASSWORD)).doesNotContain("error");
		assertThat(hash()).as("an up-to-date hash stays").isEqualTo(upgraded);
		assertThat(lastSignIn()).isAfterOrEqualTo(first);
	}

	@Test
	void anArgon2idHashWithWeakerParametersIsReplacedToo() throws Exception {
		String weak = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(PASSWORD);
		this.users.save(new AppUser(USERNAME, weak, Set.of("USER"), Instant.now()));
		assertThat(signIn(PASSWORD)).doesNotContain("error");
		assertThat(hash()).startsWith(CURRENT);
	}

	@Test
	void newHashesAreArgon2idWithTheMeasuredParameters() {
		assertThat(this.passwords.encode(PASSWORD)).startsWith(CURRENT);
	}

	private String hash() {
		return this.jdbc.queryForObject("select password_hash from app_user where username = ?", String.class,
				USERNAME);
	}

	private Instant lastSignIn() {
		Timestamp at = this.jdbc.queryForObject("select last_sign_in_at from app_user where username = ?",
				Timestamp.class, USERNAME);
		return (at != null) ? at.toInstant() : null;
	}

	/** Where the sign-in form's POST redirects to. */
	private String signIn(String password) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create(this.issuer + "/login")).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
		String form = "username=" + encode(USERNAME) + "&password=" + encode(password) + "&_csrf="
				+ encode(csrf.group(1));
		HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).isEqualTo(302);
		return posted.headers().firstValue("Location").orElseThrow();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
