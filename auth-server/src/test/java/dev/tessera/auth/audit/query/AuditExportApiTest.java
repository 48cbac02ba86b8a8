package dev.tessera.auth.audit.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.web.RequestContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/api/audit/export}: JSON lines and CSV downloads of everything a
 * filter matches, across internal pages, with hostile values quoted and neutralised.
 */
@TesseraServerTest
class AuditExportApiTest {

	private static final String FORMULA_PRINCIPAL = "=HYPERLINK(\"http://evil.example\",\"click\")";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	AdminApi auditor;

	String tag;

	@BeforeEach
	void setUp() {
		this.auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
		this.tag = AuditTestSupport.tag();
	}

	String operation(String name) {
		return "test." + this.tag + "." + name;
	}

	List<UUID> recordHostileEvents() {
		List<UUID> ids = new ArrayList<>();
		ids.add(AuditTestSupport.record(this.trail, this.jdbc, this.tag + "-1", "198.51.100.1", operation("export"),
				AuditOutcome.BUSINESS_ERROR, AuditTrail.Actor.user(FORMULA_PRINCIPAL),
				Map.of("note", "a, \"quoted\"\nvalue"), "@SUM(A1:A9)"));
		ids.add(AuditTestSupport.record(this.trail, this.jdbc, this.tag + "-2", null, operation("export"),
				AuditOutcome.SUCCESS, AuditTrail.Actor.client("-2+3"), Map.of(), "+cmd"));
		ids.add(AuditTestSupport.record(this.trail, this.jdbc, this.tag + "-3", "2001:db8::1", operation("export"),
				AuditOutcome.SYSTEM_ERROR, AuditTrail.Actor.anonymous(), Map.of("plain", "text"), null));
		return ids;
	}

	Http.Response export(String query) {
		return this.auditor.get("/admin/api/audit/export?" + query);
	}

	static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void jsonLinesCarryTheApiShape() throws ParseException {
		List<UUID> ids = recordHostileEvents();
		Http.Response response = export("format=jsonl&operation=" + q(operation("export")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/x-ndjson");
		assertThat(response.header("Content-Disposition"))
			.matches("attachment; filename=\"?audit-\\d{8}T\\d{6}\\.\\d{6}Z\\.jsonl\"?");
		assertThat(response.body()).endsWith("\n");
		String[] lines = response.body().split("\n");
		assertThat(lines).hasSize(3);
		List<String> exported = new ArrayList<>();
		for (String line : lines) {
			Map<String, Object> event = JSONObjectUtils.parse(line);
			assertThat(event).containsKeys("id", "timestamp", "correlationId", "principal", "principalType",
					"operation", "sourceIp", "outcome", "detail", "payloadRef", "chainId", "seq");
			assertThat(event.get("detail")).isInstanceOf(Map.class);
			exported.add((String) event.get("id"));
		}
		assertThat(exported).containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
		Map<String, Object> first = JSONObjectUtils.parse(lines[0]);
		assertThat(first).containsEntry("principal", FORMULA_PRINCIPAL); // JSON needs no
																			// neutralising
		assertThat(first.get("detail")).isEqualTo(Map.of("note", "a, \"quoted\"\nvalue"));
	}

	@Test
	void csvIsQuotedAndNeutralised() {
		List<UUID> ids = recordHostileEvents();
		Http.Response response = export("format=csv&operation=" + q(operation("export")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/csv");
		assertThat(response.header("Content-Disposition"))
			.matches("attachment; filename=\"?audit-\\d{8}T\\d{6}\\.\\d{6}Z\\.csv\"?");

		String body = response.body();
		// quotes doubled, the whole cell quoted, and a formula defused with a leading '
		assertThat(body).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",");
		assertThat(body).contains(",'@SUM(A1:A9),").contains(",'-2+3,").contains(",'+cmd,");
		assertThat(body).contains("\"{\"\"note\"\":\"\"a, \\\"\"quoted\\\"\"\\nvalue\"\"}\"");

		List<List<String>> rows = Rfc4180.parse(body);
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).containsExactly("id", "timestamp", "correlationId", "principal", "principalType",
				"operation", "sourceIp", "outcome", "detail", "payloadRef", "chainId", "seq");
		assertThat(rows.subList(1, 4)).allSatisfy(row -> assertThat(row).hasSize(12));
		assertThat(rows.subList(1, 4).stream().map(row -> row.get(0)).toList())
			.containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
		assertThat(rows.get(1).get(3)).isEqualTo("'" + FORMULA_PRINCIPAL);
		assertThat(rows.get(1).get(8)).isEqualTo("{\"note\":\"a, \\\"quoted\\\"\\nvalue\"}");
		assertThat(rows.get(1).get(9)).isEqualTo("'@SUM(A1:A9)");
		assertThat(rows.get(2).get(3)).isEqualTo("'-2+3");
		assertThat(rows.get(2).get(6)).as("no source address").isEmpty();
		assertThat(rows.get(3).get(3)).as("anonymous").isEmpty();
		assertThat(rows.get(3).get(6)).isEqualTo("2001:db8::1");
		assertThat(rows.subList(1, 4))
			.noneSatisfy(row -> assertThat(row).anySatisfy(cell -> assertThat(cell).matches("^[=+\\-@\\t\\r].*")));
	}

	@Test
	void exportsPageThroughEveryMatchingEvent() {
		int count = AuditExport.PAGE_SIZE * 2 + 5;
		List<CompletableFuture<Void>> pending = new ArrayList<>();
		RequestContext.set(new RequestContext(this.tag + "-many", null));
		try {
			for (int i = 0; i < count; i++) {
				pending.add(this.trail.record(operation("many"), AuditOutcome.SUCCESS, AuditTrail.Actor.system("bulk"),
						Map.of("i", i), null));
			}
		}
		finally {
			RequestContext.clear();
		}
		pending.forEach(this.trail::await);

		Http.Response jsonl = export("operation=" + q(operation("many")));
		assertThat(jsonl.status()).isEqualTo(200);
		assertThat(jsonl.header("Content-Type")).as("jsonl is the default").startsWith("application/x-ndjson");
		String[] lines = jsonl.body().split("\n");
		assertThat(lines).hasSize(count);
		HashSet<String> ids = new HashSet<>();
		for (String line : lines) {
			try {
				ids.add((String) JSONObjectUtils.parse(line).get("id"));
			}
			catch (ParseException ex) {
				throw new AssertionError(line, ex);
			}
		}
		assertThat(ids).hasSize(count);

		Http.Response csv = export("format=csv&operation=" + q(operation("many")));
		assertThat(Rfc4180.parse(csv.body())).hasSize(count + 1);
	}

	@Test
	void filtersApplyAndABadFormatIsAProblem() {
		recordHostileEvents();
		Http.Response filtered = export("format=jsonl&operation=" + q(operation("export")) + "&outcome=success");
		assertThat(filtered.body().split("\n")).hasSize(1);
		assertThat(filtered.body()).contains("\"principal\":\"-2+3\"");

		Http.Response none = export("format=csv&operation=" + q(operation("nothing")));
		assertThat(Rfc4180.parse(none.body())).as("a header only").hasSize(1);

		Http.Response badFormat = export("format=xlsx");
		assertThat(badFormat.status()).isEqualTo(400);
		assertThat(badFormat.header("Content-Type")).startsWith("application/problem+json");
		assertThat(badFormat.body()).contains("\"field\":\"format\"");

		Http.Response badFilter = export("format=csv&from=soon");
		assertThat(badFilter.status()).isEqualTo(400);
		assertThat(badFilter.body()).contains("\"field\":\"from\"");
	}

	/**
	 * A strict reader of RFC 4180, so the test does not trust the writer's own idea of
	 * CSV.
	 */
	static final class Rfc4180 {

		static List<List<String>> parse(String text) {
			List<List<String>> rows = new ArrayList<>();
			List<String> row = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			int i = 0;
			boolean quoted = false;
			while (i < text.length()) {
				char c = text.charAt(i);
				if (quoted) {
					if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
						cell.append('"');
						i += 2;
						continue;
					}
					if (c == '"') {
						quoted = false;
					}
					else {
						cell.append(c);
					}
				}
				else if (c == '"') {
					assertThat(cell).as("a quote only opens a cell").isEmpty();
					quoted = true;
				}
				else if (c == ',') {
					row.add(cell.toString());
					cell.setLength(0);
				}
				else if (c == '\r') {
					assertThat(text.charAt(i + 1)).as("records end with CRLF").isEqualTo('\n');
					row.add(cell.toString());
					cell.setLength(0);
					rows.add(row);
					row = new ArrayList<>();
					i++;
				}
				else {
					assertThat(c).as("a bare line feed outside quotes").isNotEqualTo('\n');
					cell.append(c);
				}
				i++;
			}
			assertThat(quoted).as("unterminated quote").isFalse();
			assertThat(row).as("the last record ends with CRLF").isEmpty();
			return rows;
		}

	}

}
