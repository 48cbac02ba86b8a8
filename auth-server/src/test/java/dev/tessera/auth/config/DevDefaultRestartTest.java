package dev.tessera.auth.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.TesseraAuthServerApplication;
import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.ResourceServerVerifier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The development default as a new user runs it: no database configured, so the server
 * starts its own embedded PostgreSQL on a data directory, generates a KEK and a bootstrap
 * client there, and keeps all of it across restarts; a start with a wrong KEK in between
 * stops and changes nothing. One data directory for the whole story: each new one costs
 * an initdb and a first start.
 */
class DevDefaultRestartTest {

	@TempDir
	Path dataDir;

	@Test
	void clientsKeysAndDataSurviveARestartAndAWrongKekChangesNothing() throws Exception {
		int port = freePort();
		String issuer = "http://localhost:" + port;
		IssuedSecret client;
		String firstKid;
		AuditChainHead lastHead;
		try (ConfigurableApplicationContext first = start(port)) {
			assertThat(first.isRunning()).isTrue();
			client = first.getBean(ClientRegistrar.class)
				.register(ClientDraft.clientCredentials(null, "survivor", Set.of("admin:read"), Set.of(),
						Set.of("https://api.example.test")));
			firstKid = tokenKid(issuer, client);
			// the same two roles as production: the server cannot change audit rows
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("tessera_app");
			assertThat(jdbc.queryForObject("select has_table_privilege('audit_event', 'delete') "
					+ "or has_table_privilege('audit_event', 'update')", Boolean.class))
				.isFalse();
			AuditWriter writer = first.getBean(AuditWriter.class);
			first.stop();
			lastHead = writer.head();
		}
		// a clean stop leaves the chain's end in a signed checkpoint outside the database
		Path checkpoints = this.dataDir.resolve("audit-archive/checkpoints/" + lastHead.chainId() + ".jsonl");
		List<String> lines = Files.readAllLines(checkpoints);
		assertThat(lines.get(lines.size() - 1)).contains("\"seq\":" + lastHead.seq() + ",");
		assertThat(this.dataDir.resolve("postgres/PG_VERSION")).exists();
		assertOwnerOnly(this.dataDir.resolve("kek"));
		assertOwnerOnly(this.dataDir.resolve("bootstrap-client.properties"));
		assertThat(Files.readString(this.dataDir.resolve("bootstrap-client.properties")))
			.contains("client_id=tessera-admin");

		// a wrong KEK stops the start before anything is written
		byte[] otherKek = new byte[32];
		String kekBefore = Files.readString(this.dataDir.resolve("kek"));
		assertThatThrownBy(
				() -> start(port, "--tessera.keys.encryption-key=" + Base64.getEncoder().encodeToString(otherKek)))
			.hasStackTraceContaining("does not decrypt")
			.hasStackTraceContaining("Nothing was changed");
		assertThat(Files.readString(this.dataDir.resolve("kek"))).isEqualTo(kekBefore);

		// and the original key still opens everything: the client and the signing key are
		// back
		try (ConfigurableApplicationContext second = start(port)) {
			assertThat(second.isRunning()).isTrue();
			String secondKid = tokenKid(issuer, client);
			assertThat(secondKid).as("the signing key survives the restart").isEqualTo(firstKid);
		}
	}

	private ConfigurableApplicationContext start(int port, String... extra) {
		String[] base = { "--server.port=" + port, "--management.server.port=0",
				"--tessera.issuer=http://localhost:" + port, "--tessera.data-dir=" + this.dataDir };
		String[] args = new String[base.length + extra.length];
		System.arraycopy(base, 0, args, 0, base.length);
		System.arraycopy(extra, 0, args, base.length, extra.length);
		return new SpringApplicationBuilder(TesseraAuthServerApplication.class).run(args);
	}

	private static String tokenKid(String issuer, IssuedSecret client) throws Exception {
		Http.Response response = new Http(issuer).postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", "admin:read"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String token = (String) response.json().get("access_token");
		// an admin token is addressed to the issuer (the admin API) alone, whatever the
		// client registered
		ResourceServerVerifier.forIssuer(issuer, issuer).decode(token);
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	private static void assertOwnerOnly(Path file) throws IOException {
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
