-- 收入超标: each member's income in the latest period of the hr file (wage + pension +
-- unemployment benefit), with the household's per-capita limit dibao × income_multiplier.
SELECT {{ link_columns }}, strptime(r.period, '%Y-%m')::DATE AS record_date,
       coalesce(r.monthly_wage, 0) + coalesce(r.pension, 0) + coalesce(r.unemployment_benefit, 0) AS amount,
       NULL AS item, NULL AS kind, CAST(amount AS VARCHAR) AS contribution,
       concat_ws(' ', 'period', r.period, r.employer_type, r.employer_name) AS detail,
       d.number * f.number AS per_capita_limit
FROM {{ records hr }}
JOIN {{ number dibao }} d ON d.household_id = l.household_id
JOIN {{ number income_multiplier }} f ON f.household_id = l.household_id
WHERE r.period = {{ latest_hr_period }} AND amount > 0
