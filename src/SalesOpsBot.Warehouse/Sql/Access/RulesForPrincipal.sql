-- The access rules of one principal (an email, compared case-insensitively, or an Entra object id).
SELECT u.role, u.territory_id, u.rep_id
FROM user_access u
WHERE LOWER(u.principal) = LOWER(@principal)
