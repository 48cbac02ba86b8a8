package dev.tessera.deploy.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of kustomize's strategic-merge patch that the production overlay uses: maps
 * merge key by key, scalars are replaced, and the lists Kubernetes merges by a key
 * ({@code containers}, {@code env}, {@code volumes} by {@code name}, {@code volumeMounts}
 * by {@code mountPath}) merge element by element. Any other list in a patch, and any
 * {@code $patch}/{@code $setElementOrder} directive, is refused rather than guessed, so a
 * patch this does not compute like kustomize fails the test instead of passing unchecked.
 */
final class StrategicMerge {

	private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name", "env",
			"name", "volumes", "name", "volumeMounts", "mountPath");

	private StrategicMerge() {
	}

	/** {@code base} with {@code patch} applied; neither argument is changed. */
	static Map<String, Object> apply(Map<String, Object> base, Map<String, Object> patch) {
		return merge(base, patch, "");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch, String path) {
		Map<String, Object> result = new LinkedHashMap<>(base);
		patch.forEach((key, patchValue) -> {
			if (key.startsWith("$")) {
				throw new IllegalArgumentException("Directive " + key + " at " + path + " is not supported here");
			}
			Object baseValue = base.get(key);
			if (patchValue instanceof Map<?, ?> patchMap && baseValue instanceof Map<?, ?> baseMap) {
				result.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) patchMap, path + "." + key));
			}
			else if (patchValue instanceof List<?> patchList) {
				String mergeKey = MERGE_KEYS.get(key);
				if (mergeKey == null) {
					throw new IllegalArgumentException("The list " + path + "." + key
							+ " has no merge key this test knows: kustomize's result cannot be computed here");
				}
				List<Object> baseList = (baseValue instanceof List<?> list) ? (List<Object>) list : List.of();
				result.put(key, mergeList(baseList, (List<Object>) patchList, mergeKey, path + "." + key));
			}
			else {
				result.put(key, patchValue);
			}
		});
		return result;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> mergeList(List<Object> base, List<Object> patch, String mergeKey, String path) {
		List<Object> result = new ArrayList<>(base);
		for (Object element : patch) {
			Map<String, Object> patchElement = (Map<String, Object>) element;
			Object id = patchElement.get(mergeKey);
			if (id == null) {
				throw new IllegalArgumentException("An element of " + path + " has no " + mergeKey);
			}
			int index = indexOf(result, mergeKey, id);
			if (index < 0) {
				result.add(patchElement); // kustomize appends new elements
			}
			else {
				result.set(index, merge((Map<String, Object>) result.get(index), patchElement,
						path + "[" + mergeKey + "=" + id + "]"));
			}
		}
		return result;
	}

	private static int indexOf(List<Object> list, String mergeKey, Object id) {
		for (int i = 0; i < list.size(); i++) {
			if (list.get(i) instanceof Map<?, ?> map && id.equals(map.get(mergeKey))) {
				return i;
			}
		}
		return -1;
	}

}
