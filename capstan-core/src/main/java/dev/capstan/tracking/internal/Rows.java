package dev.capstan.tracking.internal;

import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Maps result rows of the tracking tables to records. */
final class Rows {

    private Rows() {
    }

    static Experiment experiment(ResultSet rs) throws SQLException {
        return new Experiment(Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("artifact_location"), rs.getString("lifecycle_stage"), rs.getLong("last_update_time"),
                rs.getLong("creation_time"), List.of());
    }

    static RunInfo runInfo(ResultSet rs) throws SQLException {
        String id = rs.getString("run_uuid");
        return new RunInfo(id, id, rs.getString("name"), Long.toString(rs.getLong("experiment_id")),
                rs.getString("user_id"), RunStatus.valueOf(rs.getString("status")), nullableLong(rs, "start_time"),
                nullableLong(rs, "end_time"), rs.getString("artifact_uri"), rs.getString("lifecycle_stage"));
    }

    static Metric metric(ResultSet rs) throws SQLException {
        double value = rs.getInt("is_nan") == 1 ? Double.NaN : rs.getDouble("value");
        return new Metric(rs.getString("key"), value, rs.getLong("timestamp"), rs.getLong("step"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
