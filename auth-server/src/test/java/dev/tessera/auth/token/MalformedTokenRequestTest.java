package dev.tessera.auth.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on the protocol endpoints gets an RFC 6749 §5.2 JSON error: never a 500, a
 * stack trace, a redirect or an HTML page.
 */
@TesseraServerTest
class MalformedTokenRequestTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	Http http;

	IssuedSecret client;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		this.client = this.registrar.register(ClientDraft.clientCredentials(null, "malformed", Set.of("admin:read"),
				Set.of(), Set.of("https://api.example.test")));
	}

	@Test
	void missingGrantTypeIsInvalidRequest() {
		assertOAuthError(post(form()), 400, "invalid_request");
	}

	@Test
	void unknownGrantTypeIsUnsupportedGrantType() {
		assertOAuthError(post(form("grant_type", "magic")), 400, "unsupported_grant_type");
	}

	@Test
	void anAuthorizationCodeFromAClientCredentialsClientIsInvalidGrant() {
		// Spring looks the code up before the client's grant types: no such code,
		// invalid_grant
		assertOAuthError(
				post(form("grant_type", "authorization_code", "code", "abc", "redirect_uri", "https://app.example/cb")),
				400, "invalid_grant");
	}

	@Test
	void repeatedParameterIsInvalidRequest() {
		Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=a&scope=b")));
		assertOAuthError(response, 400, "invalid_request");
	}

	@Test
	void noClientAuthenticationIsInvalidClient() {
		Http.Response response = this.http.postForm("/oauth2/token", null, null,
				form("grant_type", "client_credentials"));
		assertOAuthError(response, 401, "invalid_client");
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void malformedBasicHeaderIsInvalidRequestOrInvalidClient() {
		Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic !!!not-base64!!!")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertOAuthError(response, -1, "invalid_request", "invalid_client");
	}

	@Test
	void emptyBodyAndJsonBodyAreOAuthErrors() {
		Http.Response json = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/json")
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
		assertOAuthError(json, 400, "invalid_request");
	}

	/** Spring matches the decoded path; so must the strict form check. */
	@Test
	void aPercentEncodedEndpointPathIsCheckedLikeThePlainOne() {
		Http.Response json = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/%74oken"))
			.header("Content-Type", "application/json")
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
		assertOAuthError(json, 400, "invalid_request");
		assertThat(json.json()).doesNotContainKey("access_token");
	}

	@Test
	void getOnTheTokenEndpointIsNotAnHtmlPageOrServerError() {
		Http.Response response = this.http.get("/oauth2/token", "Accept", "*/*");
		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.header("Content-Type")).doesNotContain("html");
	}

	@Test
	void introspectionWithoutTokenParameterIsInvalidRequest() {
		Http.Response response = this.http.postForm("/oauth2/introspect", this.client.clientId(),
				this.client.clientSecret(), form());
		assertOAuthError(response, 400, "invalid_request");
	}

	@Test
	void unknownPathsAnswerWithoutHtml() {
		Http.Response response = this.http.get("/no/such/path", "Accept", "application/json");
		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.header("Content-Type")).doesNotContain("html");
	}

	@Test
	void pathsTomcatRejectsGetProblemJsonNotItsHtmlPage() {
		for (String path : new String[] { "/admin/api/clients/a%2Fb", "/oauth2/%00/token" }) {
			Http.Response response = this.http.get(path, "Accept", "text/html,*/*");
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
		}
	}

	/**
	 * Bodies and paths the container or Spring's firewall refuse reach /error: JSON there
	 * too, even for a browser.
	 */
	@Test
	void whatReachesTheErrorPageIsJsonNeverHtml() {
		Http.Response badEncoding = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=%zz&client_secret=x")));
		assertOAuthError(badEncoding, -1, "invalid_request", "invalid_client");

		Http.Response firewalled = this.http.get("/admin/api/clients/a;b", "Accept", "text/html");
		assertThat(firewalled.status()).isEqualTo(400);
		assertThat(firewalled.header("Content-Type")).startsWith("application/problem+json");
		assertThat(firewalled.json()).containsEntry("status", 400L);

		Http.Response direct = this.http.get("/error", "Accept", "text/html");
		assertThat(direct.status()).isEqualTo(404);
		assertThat(direct.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void aBodyThatCannotBeDecodedIsInvalidRequestNeverAToken() {
		for (String scope : new String[] { "%%%%", "%zz", "%E2%82", "%C3%28", "a%" }) {
			Http.Response response = postRaw(("grant_type=client_credentials&scope=" + scope)
				.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			assertOAuthError(response, 400, "invalid_request");
			assertThat(response.body()).as(scope).doesNotContain("access_token");
		}
		byte[] prefix = "grant_type=client_credentials&scope=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] notUtf8 = java.util.Arrays.copyOf(prefix, prefix.length + 2);
		notUtf8[prefix.length] = (byte) 0xff;
		notUtf8[prefix.length + 1] = (byte) 0xfe;
		Http.Response raw = postRaw(notUtf8);
		assertOAuthError(raw, 400, "invalid_request");
		assertThat(raw.body()).doesNotContain("access_token");
	}

	@Test
	void aMultipartBodyIsInvalidRequestNotParametersReadPastTheChecks() {
		String boundary = "tessera-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\n"
				+ "client_credentials\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"scope\"\r\n\r\n"
				+ "admin:read\r\n--" + boundary + "--\r\n";
		Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertOAuthError(response, 400, "invalid_request");
		assertThat(response.body()).doesNotContain("access_token");
	}

	@Test
	void aResourceWithCharactersAnErrorDescriptionCannotHoldIsStillInvalidTarget() {
		for (String resource : new String[] { "https://api\".example", "https://\u00e9t\u00e9.example", "a\\b" }) {
			Http.Response response = post(form("grant_type", "client_credentials", "resource", resource));
			assertOAuthError(response, 400, "invalid_target");
			assertThat((String) response.json().get("error_description")).as(resource)
				.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");
		}
	}

	@Test
	void aWellFormedBodyStillGetsItsToken() {
		Http.Response response = postRaw("grant_type=client_credentials&scope=admin%3Aread"
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsEntry("scope", "admin:read");
	}

	@Test
	void aBearerTokenOnTheTokenEndpointIsTheUsualInvalidClientJson() {
		for (String endpoint : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + endpoint))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&token=x")));
			assertOAuthError(response, 401, "invalid_client");
			assertThat(response.header("Content-Type")).as(endpoint).startsWith("application/json");
		}
	}

	private Http.Response postRaw(byte[] body) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	@Test
	void aControlCharacterInAClientIdIsNoServerError() {
		Http.Response authorize = this.http.get("/oauth2/authorize?response_type=code&client_id=%00", "Accept",
				"application/json");
		assertThat(authorize.status()).as("the authorization endpoint's own error page").isEqualTo(400);
		assertThat(authorize.header("Location")).as("never a redirect").isNull();
		assertThat(authorize.body()).doesNotContain("Exception").doesNotContain("at org.");
		assertOAuthError(this.http.postForm("/oauth2/token", "a\u0000b", "x", form("grant_type", "client_credentials")),
				-1, "invalid_request", "invalid_client");
	}

	private Http.Response post(Map<String, String> form) {
		return this.http.postForm("/oauth2/token", this.client.clientId(), this.client.clientSecret(), form);
	}

	private static void assertOAuthError(Http.Response response, int status, String... acceptedErrors) {
		if (status > 0) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
		}
		else {
			assertThat(response.status()).as(response.toString()).isBetween(400, 401);
		}
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
		assertThat(response.json().get("error")).as(response.toString()).isIn((Object[]) acceptedErrors);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

}
