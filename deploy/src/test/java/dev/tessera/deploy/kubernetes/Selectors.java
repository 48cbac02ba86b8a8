package dev.tessera.deploy.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Whether everything that selects pods selects some: a Deployment's selector must match
 * its own pod template's labels (else the API server refuses it), and a Service, a
 * PodDisruptionBudget or a NetworkPolicy that matches no pod template, or a Service port
 * naming a container port no selected pod has, or an autoscaler aimed at a Deployment
 * that does not exist, is accepted by Kubernetes and silently does nothing.
 */
final class Selectors {

	private Selectors() {
	}

	/** What selects nothing, one sentence each; empty when all is well. */
	static List<String> problems(List<HasMetadata> objects) {
		List<PodTemplateSpec> templates = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (HasMetadata object : objects) {
			if (object instanceof Deployment deployment) {
				PodTemplateSpec template = deployment.getSpec().getTemplate();
				templates.add(template);
				if (!matches(deployment.getSpec().getSelector(), template.getMetadata().getLabels())) {
					problems.add("Deployment " + name(object) + ": its selector does not match its pod labels");
				}
			}
			else if (object instanceof Job job) {
				templates.add(job.getSpec().getTemplate());
			}
		}
		for (HasMetadata object : objects) {
			if (object instanceof Service service) {
				List<PodTemplateSpec> selected = templates.stream()
					.filter(t -> labelsMatch(service.getSpec().getSelector(), t.getMetadata().getLabels()))
					.toList();
				if (selected.isEmpty()) {
					problems.add("Service " + name(object) + " selects no pods");
				}
				for (ServicePort port : service.getSpec().getPorts()) {
					String target = port.getTargetPort().getStrVal();
					if (target != null && selected.stream().noneMatch(t -> hasPortNamed(t, target))) {
						problems.add("Service " + name(object) + " targets port " + target + ", which no pod names");
					}
				}
			}
			else if (object instanceof PodDisruptionBudget budget) {
				selectsSome(budget.getSpec().getSelector(), templates, "PodDisruptionBudget " + name(object), problems);
			}
			else if (object instanceof NetworkPolicy policy) {
				selectsSome(policy.getSpec().getPodSelector(), templates, "NetworkPolicy " + name(object), problems);
			}
			else if (object instanceof HorizontalPodAutoscaler autoscaler) {
				String kind = autoscaler.getSpec().getScaleTargetRef().getKind();
				String target = autoscaler.getSpec().getScaleTargetRef().getName();
				boolean exists = objects.stream()
					.anyMatch(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(target));
				if (!exists) {
					problems.add("HorizontalPodAutoscaler " + name(object) + " scales " + kind + " " + target
							+ ", which does not exist");
				}
			}
		}
		return problems;
	}

	private static void selectsSome(LabelSelector selector, List<PodTemplateSpec> templates, String what,
			List<String> problems) {
		if (templates.stream().noneMatch(t -> matches(selector, t.getMetadata().getLabels()))) {
			problems.add(what + " selects no pods");
		}
	}

	private static boolean hasPortNamed(PodTemplateSpec template, String name) {
		return template.getSpec()
			.getContainers()
			.stream()
			.flatMap(c -> c.getPorts().stream())
			.map(ContainerPort::getName)
			.anyMatch(name::equals);
	}

	/** Only matchLabels are used here; an expression is refused rather than ignored. */
	static boolean matches(LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		if (!selector.getMatchExpressions().isEmpty()) {
			throw new IllegalArgumentException("matchExpressions are not evaluated by this test");
		}
		return labelsMatch(selector.getMatchLabels(), labels);
	}

	private static boolean labelsMatch(Map<String, String> wanted, Map<String, String> labels) {
		if (wanted == null || wanted.isEmpty() || labels == null) {
			return false; // an empty selector would select every pod: never what is meant
							// here
		}
		return wanted.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
	}

	private static String name(HasMetadata object) {
		return object.getMetadata().getName();
	}

}
