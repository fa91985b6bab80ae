package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.validate.CheckType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The shape of a check's argument: checked when a suite is read, so that a bad one names its line. */
final class CheckArguments {

    private CheckArguments() {
    }

    static void requireShape(CheckType type, Object argument, Function<String, CapstanException> error) {
        String problem = problem(type, argument);
        if (problem != null) {
            throw error.apply("'" + type.word() + "' " + problem);
        }
    }

    private static String problem(CheckType type, Object argument) {
        return switch (type.arg()) {
            case NONE -> argument == null || Boolean.TRUE.equals(argument) ? null
                    : "takes no argument, found '" + argument + "'";
            case TEXT -> argument instanceof String ? null : "takes a text, found " + describe(argument);
            case NUMBER -> argument instanceof Number ? null : "takes a number, found " + describe(argument);
            case LIST -> argument instanceof List<?> ? null : "takes a list, found " + describe(argument);
            case RANGE -> range(type, argument);
            case MAP, OPTIONS -> mapping(type, argument);
        };
    }

    private static String range(CheckType type, Object argument) {
        String problem = mapping(type, argument);
        if (problem != null) {
            return problem;
        }
        Map<?, ?> map = (Map<?, ?>) argument;
        Object min = map.get("min");
        Object max = map.get("max");
        if (min == null && max == null) {
            return "needs 'min', 'max' or both";
        }
        return reversed(min, max) ? "has min " + min + " above max " + max : null;
    }

    /** Whether two numbers, or two ISO date texts, are in the wrong order. */
    private static boolean reversed(Object min, Object max) {
        if (min instanceof Number a && max instanceof Number b) {
            return a.doubleValue() > b.doubleValue();
        }
        return min instanceof String a && max instanceof String b && a.compareTo(b) > 0;
    }

    private static String mapping(CheckType type, Object argument) {
        if (argument == null && type.arg() == CheckType.Arg.OPTIONS) {
            return null;
        }
        if (!(argument instanceof Map<?, ?> map)) {
            return "takes a mapping with " + type.keys() + ", found " + describe(argument);
        }
        for (Object key : map.keySet()) {
            if (!type.keys().contains(String.valueOf(key))) {
                return "has no key '" + key + "'; expected " + type.keys();
            }
        }
        for (String key : type.required()) {
            if (map.get(key) == null) {
                return "needs '" + key + "'";
            }
        }
        return null;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
