-- Last step of the rebuild: record what the derived tables were built from, and drop the deal keys.
INSERT INTO derived_state
{fingerprint};

DROP TABLE deal_keys;
