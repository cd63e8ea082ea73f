-- The access rules of a caller, who may be known by several identities (an email, compared case-insensitively,
-- and an Entra object id): @principals holds them lower-cased.
SELECT u.role, u.territory_id, u.rep_id
FROM user_access u
WHERE LOWER(u.principal) IN @principals
