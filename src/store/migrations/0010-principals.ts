// Principals (issue 22): an application unit becomes a principal with an organisation and a set
// of roles; existing units keep their keys, hold the role `unit` and belong to no organisation.
// `name_key` is the name's look-alike skeleton (src/accounts/principal-name.ts), unique; an
// existing name whose skeleton an older unit already has keeps a null key (it was accepted once).
// Organisations are those an operator adds beside the consortium's members.
export const MIGRATION_0010_PRINCIPALS = `
ALTER TABLE application_units ADD COLUMN organisation text;
ALTER TABLE application_units ADD COLUMN roles text NOT NULL DEFAULT 'unit';
ALTER TABLE application_units ADD COLUMN name_key text;

UPDATE application_units AS u SET name_key = k.name_key
FROM (
  SELECT unit_id, name_key, row_number() OVER (PARTITION BY name_key ORDER BY created_at, unit_id) AS n
  FROM (
    SELECT unit_id, created_at,
      regexp_replace(regexp_replace(translate(lower(name), '01i|5._:@', 'olllls----'), 'rn', 'm', 'g'), 'vv', 'w', 'g') AS name_key
    FROM application_units
  ) AS s
) AS k
WHERE u.unit_id = k.unit_id AND k.n = 1;

CREATE UNIQUE INDEX application_units_name_skeleton ON application_units (name_key);

CREATE TABLE organisations (
  name text PRIMARY KEY,
  name_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
`;
