-- 财政供养人员: members employed, in the latest period of the hr file, by an employer of a
-- public-sector type; each member counts once.
SELECT {{ link_columns }}, strptime(r.period, '%Y-%m')::DATE AS record_date, NULL AS amount, l.member_no AS item,
       r.employer_type AS kind, concat_ws(' ', r.employer_type, r.employer_name) AS contribution,
       'period ' || r.period AS detail
FROM {{ records hr }}
JOIN {{ list public_sector_employer_types }} p ON p.household_id = l.household_id
WHERE r.period = {{ latest_hr_period }} AND list_contains(p.items, r.employer_type)
