-- Hand-written: the registry's change feed for the public response cache (src/http/public-cache.ts,
-- src/db/registry-changes.ts). Every table that the public property search and property page read notifies
-- `registry_changed` once per writing statement; PostgreSQL delivers the notification when the transaction
-- commits (and drops it on rollback), to every listening API instance. Statement-level, so a bulk write costs
-- one notification, and identical notifications within a transaction are folded into one.

CREATE FUNCTION "notify_registry_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('registry_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['properties', 'land_titles', 'encumbrances', 'property_documents', 'property_units', 'valuations', 'leases', 'chain_offerings']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "notify_registry_changed"()', t || '_notify_registry_changed', t);
  END LOOP;
END;
$$;
