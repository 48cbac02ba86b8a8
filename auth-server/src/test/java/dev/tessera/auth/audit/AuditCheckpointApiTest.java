package dev.tessera.auth.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.audit.integrity.AuditCheckpointJob;
import dev.tessera.auth.audit.integrity.AuditCheckpoints;
import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newest rows of a chain, which no hash link reveals, are covered by the signed
 * checkpoints written outside the database: removed behind the checkpoint, they are
 * reported, whether the checkpoints come from the archive directory or, when whoever
 * removed the rows also reached that directory, from an outside collector's copy posted
 * to {@code /admin/api/audit/verify}. Runs on a database of its own, since it leaves the
 * trail broken.
 */
@TesseraServerTest
@TestPropertySource(properties = "tessera.test.context=audit-checkpoints")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class AuditCheckpointApiTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditWriter writer;

	@Autowired
	AuditCheckpointJob job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TesseraProperties properties;

	@Test
	void rowsRemovedAfterACheckpointAreReported(CapturedOutput output) throws SQLException, IOException {
		AuditTestSupport.assumeSuperuser(this.databaseUrl);
		AdminApi auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		String tag = AuditTestSupport.tag();
		List<UUID> events = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			events.add(AuditTestSupport.record(this.trail, this.jdbc, tag + "-" + i, null, "test." + tag + ".cp",
					AuditOutcome.SUCCESS, AuditTrail.Actor.system("checkpoint-test"), Map.of("i", i), null));
		}
		this.job.checkpoint();
		AuditChainHead head = this.writer.head();
		assertThat(head.seq()).isEqualTo(seqOf(events.get(3)));

		// one JSON line in this chain's file and in the dedicated log
		Path file = this.properties.audit()
			.archiveDir(this.properties.dataDir())
			.resolve("checkpoints")
			.resolve(head.chainId() + ".jsonl");
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		String checkpoint = lines.get(lines.size() - 1);
		assertThat(checkpoint).contains("\"chainId\":\"" + head.chainId() + "\"", "\"seq\":" + head.seq());
		assertThat(output.getOut()).contains(AuditCheckpoints.LOGGER).contains(checkpoint);

		Map<String, Object> intact = verify(auditor, null);
		assertThat(intact).containsEntry("valid", true).containsEntry("problems", List.of());
		assertThat(((Number) intact.get("checkpointsUsed")).intValue()).isPositive();

		// the chain's two newest rows removed by someone with the database's keys
		for (UUID removed : events.subList(2, 4)) {
			assertThat(AuditTestSupport.asSuperuser(this.databaseUrl, "delete from audit_event where id = ?", removed))
				.isEqualTo(1);
		}
		Map<String, Object> shortened = verify(auditor, null);
		assertThat(shortened).containsEntry("valid", false).containsEntry("firstBrokenId", null);
		assertThat(problems(shortened))
			.anySatisfy(problem -> assertThat(problem).containsEntry("kind", "rows_missing_after_checkpoint")
				.containsEntry("chainId", head.chainId().toString())
				.containsEntry("rowId", events.get(1).toString()));

		// the local file gone as well: the collector's copy still shows it
		Files.delete(file);
		assertThat(verify(auditor, null)).containsEntry("valid", true);
		Map<String, Object> withCollected = verify(auditor, "collected by the log shipper: " + checkpoint + "\n");
		assertThat(withCollected).containsEntry("valid", false);
		assertThat(problems(withCollected)).extracting(problem -> problem.get("kind"))
			.contains("rows_missing_after_checkpoint");

		// a checkpoint forged without the key vouches for nothing and is reported
		String forged = checkpoint.replace("\"seq\":" + head.seq(), "\"seq\":1");
		Map<String, Object> withForged = verify(auditor, forged);
		assertThat(withForged).containsEntry("valid", false);
		assertThat(problems(withForged)).extracting(problem -> problem.get("kind")).contains("checkpoint_rejected");
	}

	@Test
	void postingCheckpointsTakesAuditReadAndJsonLines() {
		AdminApi other = AuditTestSupport.caller(this.issuer, this.registrar, "admin:read");
		assertThat(other.post("/admin/api/audit/verify", "").status()).isEqualTo(403);
		assertThat(new AdminApi(this.issuer, null).post("/admin/api/audit/verify", "").status()).isEqualTo(401);

		// a form body could be eaten as parameters and its checkpoints silently not count
		AdminApi auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		Http.Response form = new Http(this.issuer)
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/audit/verify"))
				.header("Authorization", "Bearer " + auditor.token())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"tessera.audit.checkpoint\"}")));
		assertThat(form.status()).as(form.toString()).isEqualTo(415);
		assertThat(form.header("Content-Type")).startsWith("application/problem+json");
		Http.Response ndjson = new Http(this.issuer)
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/audit/verify"))
				.header("Authorization", "Bearer " + auditor.token())
				.header("Content-Type", "application/x-ndjson")
				.POST(HttpRequest.BodyPublishers.ofString("not a checkpoint\n")));
		assertThat(ndjson.status()).isEqualTo(200);
		assertThat(ndjson.json()).containsEntry("valid", false);

		// a body larger than any collector needs is refused before it is parsed
		Http.Response huge = new Http(this.issuer)
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api/audit/verify"))
				.header("Authorization", "Bearer " + auditor.token())
				.header("Content-Type", "application/x-ndjson")
				.POST(HttpRequest.BodyPublishers.ofString("not a checkpoint\n".repeat(70_000))));
		assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
		assertThat(huge.header("Content-Type")).startsWith("application/problem+json");
	}

	long seqOf(UUID id) {
		return this.jdbc.queryForObject("select seq from audit_event where id = ?", Long.class, id);
	}

	static Map<String, Object> verify(AdminApi auditor, String checkpoints) {
		Http.Response response = (checkpoints != null) ? auditor.post("/admin/api/audit/verify", checkpoints)
				: auditor.get("/admin/api/audit/verify");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> problems(Map<String, Object> verification) {
		return (List<Map<String, Object>>) verification.get("problems");
	}

}
