// Registry state that tells the truth (issue 22): a registration like an earlier one is held for a
// registrar's review, whose decision is recorded with its `registration-decision` entry; a licence
// names its licensor, the work's rights holder; and identity numbers are no longer kept in clear.
// The chain entries commit to them already (salted commitments), and the holder was given the
// disclosures in the registration answer, so the copies in `record` (the declared idNumber and the
// disclosure that contains it) are removed, for rights holders and licensees alike.
/** Removes identity numbers kept in clear; run by the migration, and by its test on old-style rows. */
export const REMOVE_CLEAR_ID_NUMBERS_SQL = `
UPDATE registry_works
  SET record = record #- '{metadata,rightsHolder,idNumber}' #- '{disclosures,holder}'
  WHERE record -> 'metadata' -> 'rightsHolder' ? 'idNumber';

UPDATE registry_licenses
  SET record = record #- '{terms,licensee,idNumber}' #- '{disclosures,licensee}'
  WHERE record -> 'terms' -> 'licensee' ? 'idNumber';
`;

export const MIGRATION_0011_REGISTRY_REVIEW = `
ALTER TABLE registry_works
  ADD COLUMN review_status text CHECK (review_status IN ('pending-review', 'approved', 'rejected')),
  ADD COLUMN decision jsonb,
  ADD COLUMN decision_index bigint,
  ADD COLUMN decision_leaf_hash text,
  ADD COLUMN decision_time text;
CREATE INDEX registry_works_pending_review ON registry_works (work_id) WHERE review_status = 'pending-review';

UPDATE registry_licenses AS l
  SET record = jsonb_set(l.record, '{licensor}', w.record -> 'metadata' -> 'rightsHolder' -> 'name')
  FROM registry_works AS w
  WHERE w.number = l.work_number;
${REMOVE_CLEAR_ID_NUMBERS_SQL}`;
