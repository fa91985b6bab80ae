package dev.capstan.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.store.Database;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Deployments and their transitions in the metadata database (SQLite or PostgreSQL). Each change of a deployment
 * and the event that explains it are written in one transaction. Events outlive the deployment. Thread-safe.
 */
public final class DeploymentStore implements AutoCloseable {

    private final Database db;

    public DeploymentStore(Database db) {
        this.db = db;
    }

    /** The store of the database at {@code uri} (sqlite:/// or postgresql://). */
    public static DeploymentStore open(String uri) {
        return new DeploymentStore(Database.open(uri));
    }

    /** Stores a new deployment; refuses a name in use. */
    public void create(Deployment d, String actor, String reason) {
        db.write(h -> {
            if (find(h, d.name()).isPresent()) {
                throw CapstanException.alreadyExists("Deployment '%s' already exists; delete it first or change it "
                        + "with set-weight, promote or rollback", d.name());
            }
            h.createUpdate("INSERT INTO deployments (name, spec, status, weight, step, primary_version, "
                            + "candidate_version, message, created_at, updated_at) VALUES (:name, :spec, :status, "
                            + ":weight, :step, :primary, :candidate, :message, :created, :updated)")
                    .bind("name", d.name()).bind("spec", specJson(d.spec())).bind("status", d.status().name())
                    .bind("weight", d.weight()).bind("step", d.step()).bind("primary", d.primaryVersion())
                    .bind("candidate", d.candidateVersion()).bind("message", d.message())
                    .bind("created", d.createdAt()).bind("updated", d.updatedAt()).execute();
            return event(h, d, actor, "create", reason);
        });
    }

    /** Replaces the deployment's state, recording {@code action} by {@code actor} and why. */
    public void update(Deployment d, String actor, String action, String reason) {
        db.write(h -> {
            int rows = h.createUpdate("UPDATE deployments SET spec = :spec, status = :status, weight = :weight, "
                            + "step = :step, primary_version = :primary, candidate_version = :candidate, "
                            + "message = :message, updated_at = :updated WHERE name = :name")
                    .bind("spec", specJson(d.spec())).bind("status", d.status().name()).bind("weight", d.weight())
                    .bind("step", d.step())
                    .bind("primary", d.primaryVersion()).bind("candidate", d.candidateVersion())
                    .bind("message", d.message()).bind("updated", d.updatedAt()).bind("name", d.name()).execute();
            if (rows == 0) {
                throw CapstanException.notFound("No deployment named '%s'", d.name());
            }
            return event(h, d, actor, action, reason);
        });
    }

    /** Removes the deployment; its events stay. */
    public void delete(String name, String actor, long now) {
        db.write(h -> {
            Deployment d = find(h, name).orElseThrow(() -> CapstanException.notFound("No deployment named '%s'",
                    name));
            h.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", name).execute();
            return event(h, d.with(d.status(), d.weight(), d.step(), "deleted", now), actor, "delete", null);
        });
    }

    public Optional<Deployment> get(String name) {
        return db.read(h -> find(h, name));
    }

    public List<Deployment> list() {
        return db.read(h -> h.createQuery("SELECT * FROM deployments ORDER BY name")
                .map((rs, ctx) -> deployment(rs)).list());
    }

    /** The deployment's events, oldest first. */
    public List<DeploymentEvent> events(String name) {
        return db.read(h -> h.createQuery("SELECT * FROM deployment_events WHERE name = :name ORDER BY seq")
                .bind("name", name).map((rs, ctx) -> new DeploymentEvent(rs.getString("name"), rs.getInt("seq"),
                        rs.getLong("time"), rs.getString("actor"), rs.getString("action"),
                        DeploymentStatus.valueOf(rs.getString("status")), rs.getInt("weight"),
                        rs.getString("reason"))).list());
    }

    private static int event(Handle h, Deployment d, String actor, String action, String reason) {
        int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM deployment_events WHERE name = :name")
                .bind("name", d.name()).mapTo(Integer.class).one();
        return h.createUpdate("INSERT INTO deployment_events (name, seq, time, actor, action, status, weight, reason) "
                        + "VALUES (:name, :seq, :time, :actor, :action, :status, :weight, :reason)")
                .bind("name", d.name()).bind("seq", seq).bind("time", d.updatedAt()).bind("actor", actor)
                .bind("action", action).bind("status", d.status().name()).bind("weight", d.weight())
                .bind("reason", reason).execute();
    }

    private static Optional<Deployment> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM deployments WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> deployment(rs)).findOne();
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        DeploymentSpec spec;
        try {
            spec = DeploymentSpec.fromTree(Json.MAPPER.readTree(rs.getString("spec")), "stored deployment "
                    + rs.getString("name"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored deployment " + rs.getString("name") + " is not JSON", e);
        }
        return new Deployment(spec, DeploymentStatus.valueOf(rs.getString("status")), rs.getInt("weight"),
                rs.getInt("step"), rs.getString("primary_version"), rs.getString("candidate_version"),
                rs.getString("message"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static String specJson(DeploymentSpec spec) {
        try {
            return Json.MAPPER.writeValueAsString(spec.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
