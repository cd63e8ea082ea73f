-- Whether the warehouse has a user_access table at all (it is optional in the contract): 1 when it does, else 0.
SELECT CAST(COUNT(*) AS INT) AS present
FROM information_schema.tables
WHERE LOWER(table_name) = 'user_access'
