package dev.capstan.server;

import java.util.List;
import java.util.Random;

/**
 * A customer of the tests' churn data: age, spend, plan and tenure, drawn from the usual market or a shifted one
 * (25 years older, mostly on the pro plan), with an outcome that a model can learn.
 */
public record ChurnCustomer(double age, double spend, String plan, double tenure) {

    private static final List<String> PLANS = List.of("basic", "plus", "pro");

    public static ChurnCustomer draw(Random random, boolean shifted) {
        double age = 18 + random.nextInt(50) + (shifted ? 25 : 0);
        String plan = shifted && random.nextDouble() < 0.8 ? "pro" : PLANS.get(random.nextInt(3));
        return new ChurnCustomer(age, Math.round(random.nextDouble() * 20000) / 100.0, plan, random.nextInt(60));
    }

    /** The true outcome: young customers on basic plans who spend little churn, with noise. */
    public String churn(Random random) {
        double risk = (age < 30 ? 1.2 : 0) + (plan.equals("basic") ? 1.0 : 0) - spend / 100 - tenure / 40
                + random.nextGaussian();
        return risk > 0 ? "yes" : "no";
    }

    /** The customer as a CSV row with its outcome: {@code age,spend,plan,tenure,churn}. */
    public String csv(Random random) {
        return age + "," + spend + "," + plan + "," + tenure + "," + churn(random);
    }

    /** A request of one row to MLflow's {@code /invocations}. */
    public String json() {
        return "{\"dataframe_records\": [{\"age\": " + age + ", \"spend\": " + spend + ", \"plan\": \"" + plan
                + "\", \"tenure\": " + tenure + "}]}";
    }
}
