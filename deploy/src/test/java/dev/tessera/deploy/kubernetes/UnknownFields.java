package dev.tessera.deploy.kubernetes;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields no Kubernetes API type declares. fabric8's models accept any field
 * while unmarshalling and keep the ones they do not know in
 * {@code getAdditionalProperties()}; a misspelt {@code readinesProbe} or a field put one
 * level too deep would otherwise parse without a word and be dropped by the API server.
 * Walks every nested model object (getters, lists, maps) and names each unknown field by
 * its path.
 */
final class UnknownFields {

	private UnknownFields() {
	}

	/** The paths of every unknown field in {@code model}, empty when there is none. */
	static List<String> in(Object model) {
		List<String> found = new ArrayList<>();
		walk(model, "", found);
		return found;
	}

	private static void walk(Object value, String path, List<String> found) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				walk(element, path + "[" + i++ + "]", found);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> walk(element, path + "[" + key + "]", found));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return; // strings, numbers, booleans: leaves
		}
		for (Method getter : value.getClass().getMethods()) {
			if (!isGetter(getter)) {
				continue;
			}
			Object property = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> unknown) {
					unknown.keySet().forEach(key -> found.add(path + "." + key));
				}
				continue;
			}
			walk(property, path + "." + propertyName(getter), found);
		}
	}

	private static boolean isGetter(Method method) {
		return method.getName().startsWith("get") && method.getParameterCount() == 0
				&& !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class
				&& !method.getReturnType().isPrimitive();
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + getter + " of " + target.getClass(), ex);
		}
	}

	private static String propertyName(Method getter) {
		String name = getter.getName().substring(3);
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
