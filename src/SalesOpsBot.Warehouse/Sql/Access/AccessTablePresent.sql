-- Whether the warehouse has a user_access table at all (it is optional in the contract): 1 when it does, else 0. Only
-- the contract's schema counts (salesops on servers, main in DuckDB): a user_access table elsewhere is not ours.
SELECT CAST(COUNT(*) AS INT) AS present
FROM information_schema.tables
WHERE LOWER(table_name) = 'user_access'
  AND LOWER(table_schema) IN ('salesops', 'main')
