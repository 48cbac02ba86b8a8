package dev.tessera.deploy.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Proves that the checks {@link KubernetesManifestsTest} relies on can fail: the
 * unknown-field walker finds a misspelt field deep in a pod template (which
 * {@code Serialization.unmarshal} alone accepts), the selector check finds a Deployment
 * whose selector misses its pods and a Service that selects nothing, the merge refuses a
 * list it cannot merge like kustomize, and the Secrets table parser reads the doc's rows
 * and their file cells.
 */
class ManifestChecksTest {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: broken
			spec:
			  selector:
			    matchLabels:
			      app: broken
			  template:
			    metadata:
			      labels:
			        app: %s
			    spec:
			      containers:
			        - name: app
			          image: example/app:1
			          ports:
			            - name: http
			              containerPort: 8080
			          readinesProbe:
			            httpGet:
			              path: /health
			              port: http
			""";

	@Test
	void theWalkerFindsAnUnknownFieldDeepInsideAPodTemplate() {
		HasMetadata deployment = Serialization.unmarshal(DEPLOYMENT.formatted("broken"));
		assertThat(UnknownFields.in(deployment)).containsExactly(".spec.template.spec.containers[0].readinesProbe");
	}

	@Test
	void theWalkerFindsNothingInAWellFormedObject() {
		HasMetadata deployment = Serialization
			.unmarshal(DEPLOYMENT.formatted("broken").replace("readinesProbe", "readinessProbe"));
		assertThat(UnknownFields.in(deployment)).isEmpty();
	}

	@Test
	void theSelectorCheckFindsADeploymentThatMissesItsPodsAndAServiceThatSelectsNothing() {
		HasMetadata deployment = Serialization.unmarshal(DEPLOYMENT.formatted("other"));
		HasMetadata service = Serialization.unmarshal("""
				apiVersion: v1
				kind: Service
				metadata:
				  name: lonely
				spec:
				  selector:
				    app: nobody
				  ports:
				    - port: 80
				      targetPort: http
				""");
		assertThat(Selectors.problems(List.of(deployment, service))).containsExactly(
				"Deployment broken: its selector does not match its pod labels", "Service lonely selects no pods",
				"Service lonely targets port http, which no pod names");
	}

	@Test
	void theMergeMergesKeyedListsAndRefusesOthers() {
		Map<String, Object> base = Map.of("env",
				List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "2")));
		assertThat(StrategicMerge.apply(base, Map.of("env", List.of(Map.of("name", "B", "value", "3")))))
			.isEqualTo(Map.of("env", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "3"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StrategicMerge.apply(Map.of(), Map.of("args", List.of("--x"))))
			.withMessageContaining("no merge key");
	}

	@Test
	void theSecretsTableIsReadFromItsSectionOnly() {
		List<String> doc = List.of("## Elsewhere", "| `not-this` | `key` | x |", "### Secrets", "| Secret | key |",
				"| --- | --- |", "| `tessera-kek` | `kek` | the KEK |", "## Next", "| `nor-this` | `key` |");
		assertThat(DocumentedSecrets.parse(doc)).containsExactly("tessera-kek/kek");
		List<String> withFile = List.of("### Secrets",
				"| `tessera-kek` | `kek` | auth-server | `/run/x/kek` | the KEK |");
		assertThat(DocumentedSecrets.parseFiles(withFile)).containsExactly(Map.entry("tessera-kek/kek", "/run/x/kek"));
		assertThatIllegalArgumentException().isThrownBy(() -> DocumentedSecrets.parseFiles(doc));
	}

}
