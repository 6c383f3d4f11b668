package bench;

/** One number a scenario measured in one round (issue 11): {@code rtt msg_per_s 31250.0 msg/s}. */
record Metric(String scenario, String name, String unit, double value, boolean higherIsBetter) {
}
