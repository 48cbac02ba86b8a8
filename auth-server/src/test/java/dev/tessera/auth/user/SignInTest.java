package dev.tessera.auth.user;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People sign in at {@code /login} with their password: the form works end to end (CSRF
 * token, session, password check against the user table), so no other authentication bean
 * (a grant's provider, say) has quietly taken the place of the users.
 */
@TesseraServerTest
class SignInTest {

	static final String USERNAME = "sign-in-test-user";

	static final String PASSWORD = "a long test password 4 sign-in";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	AppUserRepository users;

	@Autowired
	PasswordEncoder passwords;

	@Autowired
	ApplicationContext context;

	@AfterEach
	void removeUser() {
		this.users.deleteById(USERNAME);
		SignInThrottles.clear(this.context); // its wrong password must not throttle later
												// classes
	}

	@Test
	void aUserSignsInWithTheRightPasswordAndNotWithAWrongOne() throws Exception {
		this.users.save(new AppUser(USERNAME, this.passwords.encode(PASSWORD), Set.of("USER"), Instant.now()));
		assertThat(signIn(PASSWORD)).isEqualTo("/");
		assertThat(signIn("not the password at all")).isEqualTo("/login?error");
	}

	/** Where the sign-in form's POST redirects to. */
	private String signIn(String password) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager())
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
		String location = posted.headers().firstValue("Location").orElseThrow();
		return URI.create(location).getRawPath()
				+ ((URI.create(location).getRawQuery() != null) ? "?" + URI.create(location).getRawQuery() : "");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
