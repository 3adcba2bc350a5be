-- Hand-written: the change feed of the session cache (src/auth/session-cache.ts). Each API instance keeps the actor
-- of recently seen session tokens in memory; these triggers tell every instance whose actor may have changed, at
-- commit: `pg_notify('sessions_changed', <user ids, comma-separated>)`, or '*' for "anyone" (TRUNCATE, or more
-- users than fit a notification's 8,000-byte payload). Statement-level with transition tables: a bulk write costs
-- one notification, and identical notifications within a transaction are folded into one.
--
-- What an actor is: the user's id, address and roles, while a session of theirs is neither revoked nor expired. So
-- the users triggers fire on a change of roles or address and on deletion (a display-name edit notifies nobody);
-- the sessions triggers on any change of a session (revocation) and on deletion. A new session needs no notice: no
-- instance has seen its token.

CREATE FUNCTION "notify_sessions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    ids := '*';
  ELSIF TG_TABLE_NAME = 'users' AND TG_OP = 'UPDATE' THEN
    SELECT string_agg(DISTINCT n.id::text, ',') INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.roles IS DISTINCT FROM o.roles OR n.address IS DISTINCT FROM o.address;
  ELSIF TG_TABLE_NAME = 'users' THEN
    SELECT string_agg(DISTINCT o.id::text, ',') INTO ids FROM old_rows o;
  ELSIF TG_OP = 'UPDATE' THEN
    -- sessions: the owner of every session changed (and the new owner, should one ever be reassigned)
    SELECT string_agg(DISTINCT owner, ',') INTO ids
      FROM (SELECT o."userId"::text FROM old_rows o UNION SELECT n."userId"::text FROM new_rows n) AS owners(owner);
  ELSE
    SELECT string_agg(DISTINCT o."userId"::text, ',') INTO ids FROM old_rows o;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF length(ids) > 7900 THEN
    ids := '*';
  END IF;
  PERFORM pg_notify('sessions_changed', ids);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "users_notify_sessions_changed_update" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();
CREATE TRIGGER "users_notify_sessions_changed_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();
CREATE TRIGGER "users_notify_sessions_changed_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();

CREATE TRIGGER "sessions_notify_sessions_changed_update" AFTER UPDATE ON "sessions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();
CREATE TRIGGER "sessions_notify_sessions_changed_delete" AFTER DELETE ON "sessions"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();
CREATE TRIGGER "sessions_notify_sessions_changed_truncate" AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_sessions_changed"();
