package dev.tessera.auth.grant.authorizationcode;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.client.PersonFlowSettings;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The spine of the person flow: authorize, sign in, code, token, refresh, reuse. */
@TesseraServerTest
class AuthorizationCodeSpineTest {

	static final String PASSWORD = "a long test password 4 spine";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AppUserRepository users;

	@Autowired
	PasswordEncoder passwords;

	@Test
	void codeExchangeRefreshAndReuse() throws Exception {
		String username = "spine-" + System.nanoTime();
		this.users.save(new AppUser(username, this.passwords.encode(PASSWORD), Set.of("USER"), Instant.now()));
		IssuedSecret client = this.registrar.register(
				new ClientDraft(null, "spine public", Set.of("authorization_code", "refresh_token"), Set.of("none"),
						Set.of("openid", "profile"), Set.of(), Set.of(), Set.of("http://127.0.0.1/callback"), null,
						null, null, null, null, false, new PersonFlowSettings(true, Set.of(), null, null)));
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String verifier = "verifier-" + "x".repeat(50);
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		String authorize = this.issuer + "/oauth2/authorize?response_type=code&client_id=" + client.clientId()
				+ "&redirect_uri=" + enc("http://127.0.0.1:51234/callback") + "&scope=" + enc("openid profile")
				+ "&state=st-1&nonce=n-1&code_challenge=" + challenge + "&code_challenge_method=S256";
		HttpResponse<String> first = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
		assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(this.issuer + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(this.issuer + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + enc(username) + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		String back = signedIn.headers().firstValue("Location").orElseThrow();
		assertThat(back).contains("/oauth2/authorize");
		HttpResponse<String> coded = browser.send(HttpRequest.newBuilder(URI.create(back)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(coded.statusCode()).as(coded.body()).isEqualTo(302);
		String callback = coded.headers().firstValue("Location").orElseThrow();
		assertThat(callback).startsWith("http://127.0.0.1:51234/callback?code=");
		Map<String, String> params = query(URI.create(callback));
		assertThat(params).containsEntry("state", "st-1").containsEntry("iss", this.issuer);
		Http http = new Http(this.issuer);
		Http.Response tokens = http.postForm("/oauth2/token", null, null,
				Http.form("grant_type", "authorization_code", "code", params.get("code"), "redirect_uri",
						"http://127.0.0.1:51234/callback", "client_id", client.clientId(), "code_verifier", verifier));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		String refresh1 = (String) tokens.json().get("refresh_token");
		assertThat(refresh1).hasSize(64);
		assertThat(tokens.json()).containsKey("id_token");
		Http.Response userinfo = http.get("/userinfo", "Authorization", "Bearer " + tokens.json().get("access_token"));
		assertThat(userinfo.status()).as(userinfo.raw().headers().map().toString()).isEqualTo(200);
		assertThat(userinfo.json()).containsEntry("sub", username);
		Http.Response refreshed = http.postForm("/oauth2/token", null, null,
				Http.form("grant_type", "refresh_token", "refresh_token", refresh1, "client_id", client.clientId()));
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		String refresh2 = (String) refreshed.json().get("refresh_token");
		assertThat(refresh2).isNotEqualTo(refresh1);
		Http.Response reused = http.postForm("/oauth2/token", null, null,
				Http.form("grant_type", "refresh_token", "refresh_token", refresh1, "client_id", client.clientId()));
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.body()).contains("used before");
		Http.Response afterReuse = http.postForm("/oauth2/token", null, null,
				Http.form("grant_type", "refresh_token", "refresh_token", refresh2, "client_id", client.clientId()));
		assertThat(afterReuse.status()).as(afterReuse.body()).isEqualTo(400);
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> params = new HashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			params.put(pair.substring(0, eq),
					java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
