package dev.tessera.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The manifests under {@code deploy/kubernetes/}, read the way kustomize builds them: the
 * base's {@code resources} in order, and the production overlay applied to them for what
 * it uses ({@code namespace}, {@code images}, strategic-merge {@code patches}, the base's
 * metadata {@code labels}). Anything else in a kustomization fails here instead of being
 * ignored, so the test never checks something other than what kustomize would apply.
 */
final class Manifests {

	static final Path ROOT = Path.of("kubernetes");

	static final Path BASE = ROOT.resolve("base");

	static final Path PRODUCTION = ROOT.resolve("overlays/production");

	private static final List<String> BASE_FIELDS = List.of("apiVersion", "kind", "labels", "resources");

	private static final List<String> OVERLAY_FIELDS = List.of("apiVersion", "kind", "namespace", "resources", "images",
			"patches");

	private Manifests() {
	}

	/** Every object of the base, unmarshalled from its file. */
	static List<HasMetadata> base() {
		Map<String, Object> kustomization = kustomization(BASE, BASE_FIELDS);
		List<HasMetadata> objects = new ArrayList<>();
		for (Map<String, Object> map : baseMaps(kustomization)) {
			objects.add(toModel(map));
		}
		return objects;
	}

	/** The production overlay's result. */
	@SuppressWarnings("unchecked")
	static List<HasMetadata> production() {
		Map<String, Object> overlay = kustomization(PRODUCTION, OVERLAY_FIELDS);
		if (!List.of("../../base").equals(overlay.get("resources"))) {
			throw new IllegalStateException("The overlay's resources must be ../../base alone");
		}
		List<Map<String, Object>> maps = baseMaps(kustomization(BASE, BASE_FIELDS));
		for (Map<String, Object> patchEntry : (List<Map<String, Object>>) overlay.get("patches")) {
			if (patchEntry.size() != 1 || !patchEntry.containsKey("path")) {
				throw new IllegalStateException("Only patches given by path are computed here: " + patchEntry);
			}
			Map<String, Object> patch = readMap(PRODUCTION.resolve((String) patchEntry.get("path")));
			int target = indexOfTarget(maps, patch);
			maps.set(target, StrategicMerge.apply(maps.get(target), patch));
		}
		String namespace = (String) overlay.get("namespace");
		List<HasMetadata> objects = new ArrayList<>();
		for (Map<String, Object> map : maps) {
			HasMetadata object = toModel(map);
			object.getMetadata().setNamespace(namespace);
			objects.add(object);
		}
		List<Map<String, Object>> images = (List<Map<String, Object>>) overlay.get("images");
		for (HasMetadata object : objects) {
			for (Container container : containers(object)) {
				container.setImage(retagged(container.getImage(), images));
			}
		}
		return objects;
	}

	/** The patch files of the production overlay, each unmarshalled alone. */
	@SuppressWarnings("unchecked")
	static Map<Path, HasMetadata> productionPatches() {
		Map<Path, HasMetadata> patches = new LinkedHashMap<>();
		for (Map<String, Object> entry : (List<Map<String, Object>>) kustomization(PRODUCTION, OVERLAY_FIELDS)
			.get("patches")) {
			Path file = PRODUCTION.resolve((String) entry.get("path"));
			patches.put(file, toModel(readMap(file)));
		}
		return patches;
	}

	/** The YAML files in a directory other than its kustomization. */
	static List<String> manifestFiles(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(path -> path.getFileName().toString())
				.filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
				.filter(name -> !name.equals("kustomization.yaml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Container> containers(HasMetadata object) {
		PodSpec pod = podSpec(object);
		if (pod == null) {
			return List.of();
		}
		List<Container> containers = new ArrayList<>(pod.getContainers());
		containers.addAll(pod.getInitContainers());
		return containers;
	}

	static PodSpec podSpec(HasMetadata object) {
		if (object instanceof Deployment deployment) {
			return deployment.getSpec().getTemplate().getSpec();
		}
		if (object instanceof Job job) {
			return job.getSpec().getTemplate().getSpec();
		}
		return null;
	}

	static HasMetadata toModel(Map<String, Object> map) {
		return Serialization.unmarshal(Serialization.asJson(map));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> baseMaps(Map<String, Object> kustomization) {
		Map<String, Object> labels = commonLabels(kustomization);
		List<Map<String, Object>> maps = new ArrayList<>();
		for (String resource : (List<String>) kustomization.get("resources")) {
			Map<String, Object> map = readMap(BASE.resolve(resource));
			Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) map.get("metadata"));
			Map<String, Object> merged = new LinkedHashMap<>(
					(Map<String, Object>) metadata.getOrDefault("labels", Map.of()));
			merged.putAll(labels);
			metadata.put("labels", merged);
			map.put("metadata", metadata);
			maps.add(map);
		}
		return maps;
	}

	/**
	 * The base's {@code labels} transformer, metadata only (no selectors, no templates).
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> commonLabels(Map<String, Object> kustomization) {
		Map<String, Object> labels = new LinkedHashMap<>();
		for (Map<String, Object> entry : (List<Map<String, Object>>) kustomization.getOrDefault("labels", List.of())) {
			if (!Boolean.FALSE.equals(entry.get("includeSelectors")) || entry.containsKey("includeTemplates")) {
				throw new IllegalStateException("Only labels with includeSelectors: false are computed here");
			}
			labels.putAll((Map<String, Object>) entry.get("pairs"));
		}
		return labels;
	}

	@SuppressWarnings("unchecked")
	private static int indexOfTarget(List<Map<String, Object>> maps, Map<String, Object> patch) {
		String name = (String) ((Map<String, Object>) patch.get("metadata")).get("name");
		for (int i = 0; i < maps.size(); i++) {
			Map<String, Object> map = maps.get(i);
			if (map.get("kind").equals(patch.get("kind"))
					&& name.equals(((Map<String, Object>) map.get("metadata")).get("name"))) {
				return i;
			}
		}
		throw new IllegalStateException("A patch targets no object of the base: " + patch.get("kind") + " " + name);
	}

	/** kustomize's images transformer: the same image name, with or without a tag. */
	private static String retagged(String image, List<Map<String, Object>> images) {
		int slash = image.lastIndexOf('/');
		int colon = image.lastIndexOf(':');
		String name = (colon > slash) ? image.substring(0, colon) : image;
		String tag = (colon > slash) ? image.substring(colon + 1) : null;
		for (Map<String, Object> rule : images) {
			if (rule.get("name").equals(name)) {
				String newName = (String) rule.getOrDefault("newName", name);
				String newTag = (String) rule.getOrDefault("newTag", tag);
				return (newTag != null) ? newName + ":" + newTag : newName;
			}
		}
		return image;
	}

	private static Map<String, Object> kustomization(Path directory, List<String> allowed) {
		Map<String, Object> kustomization = readMap(directory.resolve("kustomization.yaml"));
		for (String field : kustomization.keySet()) {
			if (!allowed.contains(field)) {
				throw new IllegalStateException(directory + "/kustomization.yaml uses " + field
						+ ", which this test does not apply as kustomize would");
			}
		}
		return kustomization;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> readMap(Path file) {
		try {
			return new LinkedHashMap<>(Serialization.yamlMapper().readValue(Files.readString(file), Map.class));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
