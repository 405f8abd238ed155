-- The test suite's own helpers on PostgreSQL (make check-pg): the SQLite functions its checks
-- use (`sq "SELECT group_concat(...)"`), so that one check reads both engines. Only in the
-- throwaway template the test databases are made from; a shop never has these.
CREATE FUNCTION sd_gc(acc text, v text, sep text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END$$;
CREATE FUNCTION sd_gc1(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT sd_gc(acc, v, ',')$$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = sd_gc, STYPE = text);
CREATE AGGREGATE group_concat(text) (SFUNC = sd_gc1, STYPE = text);
CREATE FUNCTION sd_gcn(acc text, v bigint, sep text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT sd_gc(acc, v::text, sep)$$;
CREATE FUNCTION sd_gcn1(acc text, v bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT sd_gc(acc, v::text, ',')$$;
CREATE AGGREGATE group_concat(bigint, text) (SFUNC = sd_gcn, STYPE = text);
CREATE AGGREGATE group_concat(bigint) (SFUNC = sd_gcn1, STYPE = text);
-- datetime(seconds, 'unixepoch'[, '+N hours']) as SQLite writes it
CREATE FUNCTION datetime(v bigint, unit text, VARIADIC mods text[] DEFAULT '{}') RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t timestamp := to_timestamp(v) AT TIME ZONE 'UTC'; m text;
BEGIN
  FOREACH m IN ARRAY mods LOOP t := t + m::interval; END LOOP;
  RETURN to_char(t, 'YYYY-MM-DD HH24:MI:SS');
END $$;
CREATE FUNCTION strftime(fmt text, d text) RETURNS bigint LANGUAGE sql IMMUTABLE AS
$$SELECT extract(epoch FROM d::timestamp AT TIME ZONE 'UTC')::bigint$$;
CREATE FUNCTION json_extract(j text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$SELECT CASE jsonb_typeof(j::jsonb #> string_to_array(substr(path, 3), '.'))
  WHEN 'boolean' THEN (CASE WHEN (j::jsonb #>> string_to_array(substr(path, 3), '.'))::boolean
    THEN '1' ELSE '0' END)
  ELSE j::jsonb #>> string_to_array(substr(path, 3), '.') END$$;

