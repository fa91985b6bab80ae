package dev.capstan.server.deploy;

/** Turns one piece of A/B feedback into the outcome its metric counts. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * 1 or 0 for {@code accuracy} (the label equals the predicted one) and {@code conversion} (the value), the value
     * for {@code value}, the absolute difference for {@code absolute_error}.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    static double of(String metric, DeploymentManager.Feedback f, Object predicted) {
        return switch (metric) {
            case "accuracy" -> {
                double label = number(f.label(), "label");
                if (!(predicted instanceof Long p)) {
                    throw new IllegalArgumentException("the model gave no label to compare with");
                }
                yield label == p ? 1 : 0;
            }
            case "conversion" -> {
                if (f.value() == null || f.value() != 0 && f.value() != 1) {
                    throw new IllegalArgumentException("conversion needs a value of 0 or 1, found " + f.value());
                }
                yield f.value();
            }
            case "value" -> {
                if (f.value() == null || !Double.isFinite(f.value())) {
                    throw new IllegalArgumentException("value needs a finite number, found " + f.value());
                }
                yield f.value();
            }
            default -> {
                if (!(predicted instanceof Number p)) {
                    throw new IllegalArgumentException("the model gave no value to compare with");
                }
                yield Math.abs(number(f.label(), "label") - p.doubleValue());
            }
        };
    }

    private static double number(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + field + "' must be a number, found '" + text + "'");
    }
}
