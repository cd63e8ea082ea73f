-- How many access rules the warehouse holds: any row makes user_access the only source of access rules.
SELECT CAST(COUNT(*) AS INT) AS rules
FROM user_access
